package io.kindred.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kindred.devstack.DevstackMain;
import io.kindred.stack.Console.Colour;

/**
 * {@code bin/kindred up}: the devstack in this JVM, the catalog's CRDs, the three services as child processes, a
 * summary once every {@code /q/health/ready} is UP; then it runs until SIGINT/SIGTERM and stops everything it started.
 */
final class UpCommand {
    /** This stack's cluster id: a UUID, because Run:ai's clients check that format in projects and clusterStatuses. */
    static final String LOCAL_CLUSTER_ID = "6c0c8a4e-1d2b-4c55-9a57-6b1a3c0d2e11";


    static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path root;
    private final Path directory;
    private final Console console;
    private final boolean randomPorts;
    private final List<ServiceProcess> services = new ArrayList<>();
    private DevstackMain devstack;
    private volatile boolean stopping;

    UpCommand(Path root, Console console, boolean randomPorts) {
        this.root = root;
        this.directory = StackState.directory(root);
        this.console = console;
        this.randomPorts = randomPorts;
    }

    int run() throws Exception {
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve("up.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        }
        if (lock == null) {
            lockChannel.close();
            alreadyRunning();
            return 1;
        }
        StackState.delete(directory); // a stale one from a run that was killed -9
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            stopped.countDown();
        }, "kindred-up-shutdown"));

        long begin = System.nanoTime();
        Path devstackLog = directory.resolve("devstack.log");
        Path envFile = directory.resolve("devstack.env");
        Path kubeconfig = directory.resolve("kubeconfig.yaml");
        console.println(console.paint(Colour.GREY, "kindred: starting Kafka, PostgreSQL, the schema registry and "
                + "the Kubernetes API (log: " + relative(devstackLog) + ")"));
        PrintStream devstackOut = new PrintStream(Files.newOutputStream(devstackLog, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true);
        devstack = new DevstackMain(new DevstackMain.Options(envFile, kubeconfig, randomPorts, true), devstackOut);
        Map<String, String> env;
        PrintStream terminal = System.out;
        try {
            System.setOut(devstackOut); // Kafka's storage formatter prints to System.out; keep the terminal for us
            env = devstack.start();
        } catch (RuntimeException e) {
            System.setOut(terminal);
            console.println(console.paint(Colour.RED, "kindred: the devstack did not start: " + e.getMessage()
                    + " (see " + relative(devstackLog) + ")"));
            return 1;
        }
        System.setOut(terminal);

        int crds;
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile())).build()) {
            List<CustomResourceDefinition> missing = CatalogCrds.missing(client);
            CatalogCrds.install(client, missing);
            crds = missing.size();
        }
        console.println(console.paint(Colour.GREY, "kindred: installed " + crds
                + " CRDs (the catalog's custom kinds and the PodGroups of KAI, Volcano and coscheduling)"));

        Map<String, String> serviceEnv = new LinkedHashMap<>(env);
        serviceEnv.putIfAbsent("KINDRED_CLUSTER_ID", LOCAL_CLUSTER_ID);
        // One Workloads V2 project, so a person can submit a workload right away (POST /api/v2/workloads with
        // projectId "1"): its namespace is the devstack's default one, its cluster this stack's.
        serviceEnv.putIfAbsent("KINDRED_WORKLOADS_PROJECTS__1__NAME", "local");
        serviceEnv.putIfAbsent("KINDRED_WORKLOADS_PROJECTS__1__NAMESPACE", "default");
        serviceEnv.putIfAbsent("KINDRED_WORKLOADS_PROJECTS__1__CLUSTER_ID", serviceEnv.get("KINDRED_CLUSTER_ID"));
        serviceEnv.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // a local stack answers this machine only
        String javaOptions = System.getenv().getOrDefault("KINDRED_SERVICE_JAVA_OPTS", ServiceProcess.DEFAULT_JAVA_OPTS);
        for (KindredService service : KindredService.values()) {
            int port = port(service);
            services.add(new ServiceProcess(service, root, directory.resolve(service.module() + ".log"), port,
                    serviceEnv, javaOptions));
        }
        console.println(console.paint(Colour.GREY, "kindred: starting " + String.join(", ",
                services.stream().map(ServiceProcess::name).toList()) + " (logs in " + relative(directory) + ")"));
        try {
            services.forEach(ServiceProcess::start);
            CompletableFuture.allOf(services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(READY_TIMEOUT)))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            console.println(console.paint(Colour.RED, "kindred: " + cause.getMessage()));
            return 1; // the shutdown hook stops what did start
        }
        awaitBuiltinWatches();
        services.forEach(this::reportExit);

        Map<String, String> state = new LinkedHashMap<>();
        state.put("pid", Long.toString(ProcessHandle.current().pid()));
        state.put("started", Instant.now().toString());
        state.put("env-file", envFile.toString());
        state.put("kubeconfig", kubeconfig.toString());
        state.put("kafka", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        state.put("postgres", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        state.put("schema-registry", env.get("APICURIO_REGISTRY_URL"));
        state.put("kubernetes", devstackKubernetesUrl(kubeconfig));
        for (ServiceProcess service : services) {
            state.put(service.name() + ".url", service.url());
            state.put(service.name() + ".pid", Long.toString(service.pid()));
            state.put(service.name() + ".log", service.logFile().toString());
        }
        StackState.write(directory, state);
        summary(env, state, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));

        stopped.await();
        lock.release();
        lockChannel.close();
        return 0;
    }

    /** The status mapper watches every built-in type once their CRDs exist; say so, or say which do not. */
    private void awaitBuiltinWatches() {
        String mapper = services.get(KindredService.STATUS_MAPPER.ordinal()).url();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Health health = Health.ready(mapper);
        while (System.nanoTime() < deadline) {
            health = Health.ready(mapper);
            WatchCount count = WatchCount.of(health);
            if (count.total() > 0 && count.notWatching().isEmpty()) {
                console.println(console.paint(Colour.GREY, "kindred: status-mapper-service watches all "
                        + count.total() + " kinds of the registered types"));
                return;
            }
            ServiceProcess.sleep(1000);
        }
        console.println(console.paint(Colour.YELLOW, "kindred: status-mapper-service does not watch every kind yet: "
                + WatchCount.of(health).notWatching()));
    }

    private void reportExit(ServiceProcess service) {
        ProcessHandle.of(service.pid()).ifPresent(handle -> handle.onExit().thenRun(() -> {
            if (!stopping) {
                console.println(console.paint(Colour.RED, "kindred: " + service.name() + " exited unexpectedly; see "
                        + relative(service.logFile()) + " (Ctrl-C stops the rest)"));
            }
        }));
    }

    private void summary(Map<String, String> env, Map<String, String> state, long seconds) {
        String registry = state.get(KindredService.REGISTRY.module() + ".url");
        console.println("");
        console.println(console.paint(Colour.GREEN, "Kindred is up") + " (" + seconds + " s). "
                + console.paint(Colour.BOLD, "Ctrl-C stops everything."));
        console.println("");
        line("Registry API", registry + "/api/v1/workload-types");
        line("Swagger UI", registry + "/q/swagger-ui");
        for (ServiceProcess service : services) {
            line(service.name(), service.url() + "/q/health   " + service.url() + "/q/metrics   log "
                    + relative(service.logFile()));
        }
        line("Admission webhook", state.get(KindredService.SCHEDULER_ADAPTER.module() + ".url") + "/admission/pods"
                + " (the mock API server calls no webhooks)");
        line("Kafka bootstrap", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        line("Schema registry", env.get("APICURIO_REGISTRY_URL"));
        line("PostgreSQL", env.get("QUARKUS_DATASOURCE_JDBC_URL") + " (user " + env.get("QUARKUS_DATASOURCE_USERNAME")
                + ")");
        line("Kubernetes API", state.get("kubernetes"));
        line("", console.paint(Colour.BOLD, "export KUBECONFIG=" + state.get("kubeconfig")));
        line("Admin client", env.get("KINDRED_ADMIN_CLIENT_ID") + " / " + env.get("KINDRED_ADMIN_CLIENT_SECRET")
                + "   (KINDRED_ADMIN_CLIENT_ID/_SECRET in the env file)");
        line("Env file", "set -a; . " + relative(Path.of(state.get("env-file"))) + "; set +a");
        line("Logs", relative(directory) + "/*.log");
        console.println("");
        console.println("Next: " + console.paint(Colour.CYAN, "bin/kindred demo") + " (in another terminal), "
                + console.paint(Colour.CYAN, "bin/kindred status") + ", or kubectl get crds");
    }

    private void line(String label, String value) {
        console.println(String.format("  %-22s %s", label, value));
    }

    private void alreadyRunning() {
        String details = StackState.read(directory)
                .map(state -> "pid " + state.get("pid") + ", since " + state.get("started") + ", registry at "
                        + state.serviceUrl(KindredService.REGISTRY))
                .orElse("still starting");
        console.println(console.paint(Colour.RED, "kindred: Kindred is already running from this directory ("
                + details + ").") + " Use it (bin/kindred status, bin/kindred demo), or stop it with Ctrl-C in its"
                + " terminal" + StackState.read(directory).map(s -> " or kill " + s.get("pid")).orElse("") + ".");
    }

    /** Stops the services (in parallel, SIGTERM then SIGKILL), then the devstack. Idempotent. */
    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (!services.isEmpty() || devstack != null) {
            console.println(console.paint(Colour.GREY, "kindred: stopping"));
        }
        CompletableFuture.allOf(services.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.stop(STOP_GRACE)))
                .toArray(CompletableFuture[]::new)).join();
        if (devstack != null) {
            devstack.stop();
        }
        StackState.delete(directory);
        console.println(console.paint(Colour.GREY, "kindred: stopped"));
    }

    private int port(KindredService service) {
        if (randomPorts || !free(service.defaultPort())) {
            int port = freePort();
            if (!randomPorts) {
                console.println(console.paint(Colour.YELLOW, "kindred: port " + service.defaultPort() + " for "
                        + service.module() + " is taken; using " + port));
            }
            return port;
        }
        return service.defaultPort();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String devstackKubernetesUrl(Path kubeconfig) {
        return Config.fromKubeconfig(kubeconfig.toFile()).getMasterUrl().replaceAll("/$", "");
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
