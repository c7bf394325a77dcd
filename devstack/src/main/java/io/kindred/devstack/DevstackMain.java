package io.kindred.devstack;

import io.kindred.devstack.backend.Backend;
import io.kindred.devstack.backend.BackendSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.kubernetes.MockKubernetes;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.devstack.registry.SchemaRegistryBackend;

/**
 * {@code bin/devstack}: starts Kafka, PostgreSQL, the schema registry and the Kubernetes API, writes a kubeconfig and
 * an env file for the services, prints every endpoint and {@value #READY_LINE}, then runs until SIGINT/SIGTERM, when it
 * stops everything it started.
 */
public final class DevstackMain {

    public static final String READY_LINE = "devstack ready";
    /** Set by bin/devstack to the repository root; default output paths are below its target/ directory. */
    public static final String HOME_PROPERTY = "kindred.devstack.home";
    public static final String ADMIN_CLIENT_ID = "kindred-admin";

    /** The contract's topics; the two keyed by identity are compacted. */
    static final List<String> COMPACTED_TOPICS = List.of("workload-types", "workload-status");
    static final List<String> TOPICS = List.of("scheduling-directives");

    private static final String USAGE = """
            Usage: bin/devstack [options]
              Starts Kafka, PostgreSQL, an Apicurio v3 schema registry and a Kubernetes API for local runs.

              --env-file PATH    where to write KEY=VALUE lines for the services (default: target/devstack.env)
              --kubeconfig PATH  where to write the mock Kubernetes API's kubeconfig
                                 (default: target/devstack-kubeconfig.yaml)
              --random-ports     bind free random ports instead of 9092, 5432, 8085 and 6443
              --ignore-env       start every backend here even if KAFKA_BOOTSTRAP_SERVERS, KINDRED_PG_URL,
                                 APICURIO_REGISTRY_URL or KUBECONFIG name an existing endpoint
              --help             this text

              Environment: KINDRED_DEVSTACK_DOCKER=false never uses Docker; DEVSTACK_JAVA_OPTS adds JVM options.
              Use the env file with:  set -a; . target/devstack.env; set +a
            """;

    private final Options options;
    private final PrintStream out;
    private final List<Backend> started = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();

    /** What {@code bin/devstack}'s command line says; {@code bin/kindred up} builds one itself. */
    public record Options(Path envFile, Path kubeconfig, boolean randomPorts, boolean ignoreEnvironment) {
    }

    private Map<String, String> environment = Map.of();

    public DevstackMain(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        DevstackMain devstack = new DevstackMain(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            devstack.stop();
            stopped.countDown();
        }, "devstack-shutdown"));
        try {
            devstack.start();
        } catch (RuntimeException e) {
            System.err.println("devstack: failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1); // the shutdown hook stops whatever did start
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Options parse(String[] args) {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath();
        Path envFile = home.resolve("target").resolve("devstack.env");
        Path kubeconfig = home.resolve("target").resolve("devstack-kubeconfig.yaml");
        boolean randomPorts = false;
        boolean ignoreEnvironment = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--random-ports" -> randomPorts = true;
                case "--ignore-env" -> ignoreEnvironment = true;
                case "--env-file", "--kubeconfig" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new IllegalArgumentException(args[i] + " needs a path");
                    }
                    Path path = Path.of(args[++i]).toAbsolutePath();
                    if (args[i - 1].equals("--env-file")) {
                        envFile = path;
                    } else {
                        kubeconfig = path;
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(envFile, kubeconfig, randomPorts, ignoreEnvironment);
    }

    /** Starts every backend and writes the env file; the returned map is its content. */
    public Map<String, String> start() {
        long begin = System.nanoTime();
        DevstackEnvironment environment = options.ignoreEnvironment()
                ? DevstackEnvironment.fromSystem().ignoringEndpoints() : DevstackEnvironment.fromSystem();
        Ports ports = options.randomPorts() ? Ports.RANDOM : Ports.WELL_KNOWN.orRandomWhenTaken();
        Map<String, Long> startupMillis = new LinkedHashMap<>();

        List<Backend> backends = Parallel.run(List.of(
                timed("Kafka", startupMillis, () -> Backends.kafka(environment, ports.kafka())),
                timed("PostgreSQL", startupMillis, () -> Backends.postgres(environment, ports.postgres())),
                timed("schema registry", startupMillis,
                        () -> Backends.schemaRegistry(environment, ports.schemaRegistry())),
                timed("Kubernetes API", startupMillis, () -> Backends.kubernetes(environment, ports.kubernetes()))));
        KafkaBackend kafka = (KafkaBackend) backends.get(0);
        PostgresBackend postgres = (PostgresBackend) backends.get(1);
        SchemaRegistryBackend registry = (SchemaRegistryBackend) backends.get(2);
        KubernetesBackend kubernetes = (KubernetesBackend) backends.get(3);

        if (kafka.source() != BackendSource.EXTERNAL) {
            COMPACTED_TOPICS.forEach(kafka::createCompactedTopic);
            TOPICS.forEach(topic -> kafka.createTopic(topic, 1));
        }
        Path kubeconfig;
        if (kubernetes instanceof MockKubernetes mock) {
            kubeconfig = remember(mock.writeKubeconfig(options.kubeconfig()));
        } else {
            kubeconfig = kubernetes.kubeconfigFile().orElseThrow();
        }

        Map<String, String> env = serviceEnvironment(kafka, postgres, registry, kubeconfig, ADMIN_CLIENT_ID,
                randomSecret());
        EnvFile.write(remember(options.envFile()), env);

        out.printf("devstack: Kafka            %s%n", kafka.bootstrapServers());
        out.printf("devstack: PostgreSQL       %s (user %s)%n", postgres.jdbcUrl(), postgres.username());
        out.printf("devstack: schema registry  %s%n", registry.apiUrl());
        out.printf("devstack: Kubernetes API   %s (KUBECONFIG=%s)%n", kubernetes.apiServerUrl(), kubeconfig);
        for (Backend backend : backends) {
            out.printf("devstack:   %s%n", backend.description());
        }
        startupMillis.forEach((name, millis) -> out.printf("devstack:   %s started in %d ms%n", name, millis));
        out.printf("devstack: env file         %s%n", options.envFile());
        out.printf("devstack:   use it with:   set -a; . %s; set +a%n", options.envFile());
        out.printf("devstack: all up in %d ms; Ctrl-C (or SIGTERM) stops everything%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        out.println(READY_LINE);
        out.flush();
        this.environment = Map.copyOf(env);
        return env;
    }

    /** The variables of the env file, once {@link #start()} returned. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The variables the services read to reach these backends (the env file's content). */
    public static Map<String, String> serviceEnvironment(KafkaBackend kafka, PostgresBackend postgres,
            SchemaRegistryBackend registry, Path kubeconfig, String adminClientId, String adminClientSecret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("APICURIO_REGISTRY_URL", registry.apiUrl());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("KINDRED_ADMIN_CLIENT_ID", adminClientId);
        env.put("KINDRED_ADMIN_CLIENT_SECRET", adminClientSecret);
        return env;
    }

    private <T extends Backend> Supplier<Backend> timed(String name, Map<String, Long> startupMillis,
            Supplier<T> starter) {
        return () -> {
            long begin = System.nanoTime();
            T backend = starter.get();
            synchronized (this) {
                started.add(backend);
                startupMillis.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            }
            return backend;
        };
    }

    private synchronized Path remember(Path file) {
        written.add(file);
        return file;
    }

    /** Stops every backend this run started and removes the files it wrote (their endpoints are gone). */
    public void stop() {
        List<Backend> backends;
        List<Path> files;
        synchronized (this) {
            backends = List.copyOf(started);
            files = List.copyOf(written);
            started.clear();
            written.clear();
        }
        if (backends.isEmpty() && files.isEmpty()) {
            return;
        }
        out.println("devstack: stopping");
        Parallel.closeAll(backends);
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (Exception e) {
                out.println("devstack: could not remove " + file + ": " + e.getMessage());
            }
        }
        out.println("devstack: stopped");
        out.flush();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
