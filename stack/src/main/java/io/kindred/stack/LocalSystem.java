package io.kindred.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.Devstack;
import io.kindred.devstack.DevstackMain;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.kubernetes.MockKubernetes;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.kafka.KafkaClients;

/**
 * The whole system for a harness in this JVM: the devstack's backends ({@link Devstack}, so a harness can restart
 * Kafka, PostgreSQL and the Kubernetes API), the topics and the catalog's CRDs, and the three services as processes of
 * their built jars on random ports, logs in {@code work}. {@link #stop()} stops the services; the backends stop at JVM
 * exit.
 */
public final class LocalSystem {

    public static final Duration SERVICE_READY = Duration.ofMinutes(4);

    private final Map<KindredService, ServiceProcess> services;
    private final String adminClientId;
    /** The cluster id of the services: a UUID, as Run:ai's clients check the format of cluster ids. */
    public static final String CLUSTER_ID = "0f9d4a52-7c2e-4b8f-9e61-3d5a8c7b2e10";

    private final String adminSecret;
    private final KafkaClients kafkaClients;

    private LocalSystem(Map<KindredService, ServiceProcess> services, String adminClientId, String adminSecret,
            KafkaClients kafkaClients) {
        this.services = services;
        this.adminClientId = adminClientId;
        this.adminSecret = adminSecret;
        this.kafkaClients = kafkaClients;
    }

    /**
     * Starts the backends (if this JVM has not yet), creates the topics and CRDs, starts the services and waits until
     * every one is ready.
     *
     * @param extraEnvironment added to (and overriding) the services' environment
     */
    public static LocalSystem start(Path root, Path work, String adminClientId,
            Map<String, String> extraEnvironment) {
        for (KindredService service : KindredService.values()) {
            if (!Files.isRegularFile(service.jar(root))) {
                throw new IllegalStateException(service.module() + " is not built: " + service.jar(root)
                        + " is missing (./mvnw -B package -DskipTests -pl " + service.module() + " -am)");
            }
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Devstack.startAll();
        KafkaBackend kafka = Devstack.kafka();
        kafka.createCompactedTopic("workload-types");
        kafka.createCompactedTopic("workload-status");
        kafka.createTopic("scheduling-directives", 1);
        kafka.createCompactedTopic("workload-submissions");
        kafka.createCompactedTopic("workload-sync");
        PostgresBackend postgres = Devstack.postgres();
        KubernetesBackend cluster = Devstack.kubernetes();
        Path kubeconfig = cluster instanceof MockKubernetes mock ? mock.writeKubeconfig(work.resolve("kubeconfig.yaml"))
                : cluster.kubeconfigFile().orElseThrow();
        CatalogCrds.install(cluster.client(), CatalogCrds.missing(cluster.client()));

        String secret = java.util.UUID.randomUUID().toString();
        Map<String, String> env = new LinkedHashMap<>(DevstackMain.serviceEnvironment(kafka, postgres,
                Devstack.schemaRegistry(), kubeconfig, adminClientId, secret));
        env.put("KINDRED_CLUSTER_ID", CLUSTER_ID);
        // one Workloads V2 project, in the namespace the harnesses use, on this cluster
        env.put("KINDRED_WORKLOADS_PROJECTS__1__NAME", "e2e");
        env.put("KINDRED_WORKLOADS_PROJECTS__1__NAMESPACE", "default");
        env.put("KINDRED_WORKLOADS_PROJECTS__1__CLUSTER_ID", CLUSTER_ID);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // a harness logs in again after every registry restart (its signing key is per process)
        env.put("KINDRED_AUTH_TOKEN_RATE_LIMIT_PER_SOURCE", "100000");
        env.put("KINDRED_AUTH_TOKEN_RATE_LIMIT_PER_CLIENT", "100000");
        env.putAll(extraEnvironment);
        Map<KindredService, ServiceProcess> services = new LinkedHashMap<>();
        for (KindredService service : KindredService.values()) {
            Path log = work.resolve(service.module() + ".log");
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a fixed identity in the Lease, as a pod's name: a service restarted after kill -9 is the same pod's
            // container restarted, and takes its Lease back at once instead of waiting for it to run out
            Map<String, String> own = new LinkedHashMap<>(env);
            own.put("POD_NAME", "e2e-" + service.module());
            services.put(service, new ServiceProcess(service, root, log, UpCommand.freePort(), own,
                    ServiceProcess.DEFAULT_JAVA_OPTS));
        }
        services.values().forEach(ServiceProcess::start);
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Devstack.schemaRegistry().apiUrl(), "harness");
        LocalSystem system = new LocalSystem(services, adminClientId, secret, clients);
        system.awaitAllReady();
        return system;
    }

    private static LocalSystem shared;

    /**
     * One system for every harness of this JVM (the end-to-end test and the short soak share it: starting the services
     * is most of their time), in {@code stack/target/e2e}; its services are stopped at JVM exit.
     */
    public static synchronized LocalSystem shared(Path root) {
        if (shared == null) {
            LocalSystem system = start(root, root.resolve("stack").resolve("target").resolve("e2e"), "e2e-admin",
                    Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(system::stop, "local-system-stop"));
            shared = system;
        }
        return shared;
    }

    public ServiceProcess service(KindredService service) {
        return services.get(service);
    }

    public Collection<ServiceProcess> services() {
        return services.values();
    }

    public String url(KindredService service) {
        return services.get(service).url();
    }

    public KubernetesClient kubernetes() {
        return Devstack.kubernetes().client();
    }

    /** Clients of the devstack's Kafka and schema registry (for an {@link EventStream}). */
    public KafkaClients kafkaClients() {
        return kafkaClients;
    }

    /** A new admin token: the registry's signing key is per process, so a restarted registry wants a new one. */
    public RegistryClient registry() {
        return RegistryClient.login(url(KindredService.REGISTRY), adminClientId, adminSecret);
    }

    /** Every service answers ready (in parallel). */
    public void awaitAllReady() {
        CompletableFuture.allOf(services.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(SERVICE_READY)))
                .toArray(CompletableFuture[]::new)).join();
    }

    public void stop() {
        services.values().forEach(service -> service.stop(Duration.ofSeconds(20)));
    }
}
