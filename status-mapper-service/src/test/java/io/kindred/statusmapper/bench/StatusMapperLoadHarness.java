package io.kindred.statusmapper.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.kafka.Backoff;
import io.kindred.kafka.KafkaClients;
import io.kindred.statusmapper.StatusMapperEngine;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.KafkaStatusPublisher;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.statusmapper.watch.ObjectTrees;
import io.kindred.statusmapper.watch.WatchSettings;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Load harness (not a test): drives PyTorchJobs through the pipeline against the devstack's in-process Kafka,
 * schema registry stand-in and mock Kubernetes API, and prints a table.
 * <ol>
 * <li><b>informer</b>: N objects created and moved through Created → Running → Succeeded with the mock API;
 * every write is a watch event the informer delivers to the mapping path (4 transitions per object).</li>
 * <li><b>direct</b>: the informer taken out; prepared watch objects are fed straight into the mapping path
 * (JSON conversion, RI evaluation, change detection, Kafka publication), by 1 and by 2 threads (2 kinds).</li>
 * <li><b>memory</b>: heap taken per tracked workload, measured by filling the tracker.</li>
 * </ol>
 * Latency = watch event received → status record acknowledged by Kafka (acks=all), p50/p99.
 * Run with {@code status-mapper-service/bench/run-load-harness.sh [--objects N] [--direct M] [--memory K]}.
 */
public final class StatusMapperLoadHarness {

    private static final ResourceDefinitionContext PYTORCH = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org").withVersion("v1").withKind("PyTorchJob").withPlural("pytorchjobs")
            .withNamespaced(true).build();
    private static final String GVK = "PyTorchJob.kubeflow.org/v1";
    private static final String NAMESPACE = "default";

    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    /** Held so the levels stick (java.util.logging keeps loggers weakly). */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        // Library TRACE/DEBUG would distort the numbers: Kafka's producer formats every record when TRACE is on.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        for (String name : List.of("org.apache.kafka", "kafka", "io.apicurio", "io.fabric8", "io.kindred.devstack",
                "io.vertx", "io.netty")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger);
        }
        int objects = intArg(args, "--objects", 2_000);
        int direct = intArg(args, "--direct", 20_000);
        int memory = intArg(args, "--memory", 200_000);
        int rate = intArg(args, "--rate", 5_000);
        new StatusMapperLoadHarness().run(objects, direct, memory, rate);
        System.exit(0);
    }

    private void run(int objects, int directObjects, int memoryWorkloads, int rate) throws Exception {
        results.put("load.before", loadAverage());
        // First, while the heap holds nothing else: no broker, no API server, no garbage from the other phases.
        memoryPerWorkload(memoryWorkloads);
        String bootstrap = Devstack.kafka().bootstrapServers();
        String registry = Devstack.schemaRegistry().apiUrl();
        KubernetesClient kube = Devstack.kubernetes().newClient();
        String prefix = "bench-" + Long.toHexString(System.currentTimeMillis());
        KafkaClients kafka = new KafkaClients(Map.of("bootstrap.servers", bootstrap), registry, "bench");

        installPyTorchJobCrd(kube);
        Pipeline informerPipeline = new Pipeline(settings(prefix, "informer"), kafka, kube);
        TestTopics.send(prefix + ".types", "PyTorchJob", TestTopics.typeEvent("PyTorchJob", "kubeflow.org", 1,
                io.kindred.events.WorkloadTypeChange.CREATED,
                Map.of("v1", TestTopics.ri("pytorchjob-v1.json", Map.of()))));
        informerPipeline.awaitMapped();
        // Warm the JIT on the mapping path first; this run is not reported.
        directPath(kube, informerPipeline, Math.max(2_000, directObjects / 2), 1, 0);
        rows.clear();
        informerPath(kube, informerPipeline, objects);
        informerPipeline.engine.stop();

        // Each phase publishes to its own status topic, so no phase inherits (and reconciles) another's workloads.
        int[][] directRuns = {{1, 0}, {1, rate}, {2, 0}}; // {feeder threads, events/s (0 = as fast as possible)}
        for (int[] directRun : directRuns) {
            Pipeline pipeline = new Pipeline(settings(prefix, "direct-" + directRun[0] + "-" + directRun[1]), kafka, kube);
            pipeline.awaitMapped();
            directPath(kube, pipeline, directObjects, directRun[0], directRun[1]);
            pipeline.engine.stop();
        }

        print();
        kube.close();
    }

    private static StatusMapperEngine.Settings settings(String prefix, String phase) {
        return new StatusMapperEngine.Settings("bench", prefix + ".types", prefix + ".status." + phase, prefix + ".dlq",
                true, 3, (short) -1,
                new WatchSettings(List.of(), Duration.ofHours(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))),
                Duration.ofMillis(5), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), prefix + ".cluster-status",
                Duration.ofMinutes(1), WorkloadStatusMapper.DEFAULT_RETRY_DELAY, Duration.ofHours(1),
                KafkaStatusPublisher.DEFAULT_QUEUE_CAPACITY);
    }

    /** One engine with its own metrics, so each phase's latency percentiles are its own. */
    private static final class Pipeline {
        final StatusMapperEngine engine;
        final StatusMapperMetrics metrics;
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();

        Pipeline(StatusMapperEngine.Settings settings, KafkaClients kafka, KubernetesClient kube) throws InterruptedException {
            metrics = new StatusMapperMetrics(meters);
            WorkloadKinds kinds = new WorkloadKinds();
            metrics.bindWorkloadCounts(kinds);
            engine = new StatusMapperEngine(settings, kafka, kube, metrics, new WorkloadTracker(kinds),
                    new WorkloadEvaluator(), Clock.systemUTC());
            engine.start();
            if (!engine.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("pipeline did not start: " + engine.lastFailure());
            }
        }

        void awaitMapped() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                for (WatchStatus watch : engine.watches()) {
                    if (watch.gvk().equals(GVK) && watch.state() == WatchState.WATCHING && watch.mapped()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("PyTorchJob watch not mapped: " + engine.watches());
        }

        double published() {
            return meters.find(StatusMapperMetrics.PREFIX + "status.events.published").counters().stream()
                    .mapToDouble(Counter::count).sum();
        }

        double failed() {
            return meters.find(StatusMapperMetrics.PREFIX + "status.events.failed").counters().stream()
                    .mapToDouble(Counter::count).sum();
        }

        ValueAtPercentile[] latency() {
            return metrics.publishLatencyTimer().takeSnapshot().percentileValues();
        }
    }

    private void informerPath(KubernetesClient kube, Pipeline pipeline, int objects) throws Exception {
        int writers = 4;
        long expected = 4L * objects;
        double before = pipeline.published();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = writer; i < objects; i += writers) {
                    String name = "job-" + i;
                    GenericKubernetesResource job = kube.genericKubernetesResources(PYTORCH).inNamespace(NAMESPACE)
                            .resource(pytorchJob(name, null, 2)).create();
                    for (String phase : List.of("Created", "Running", "Succeeded")) {
                        job.setAdditionalProperty("status", status(phase));
                        job = kube.genericKubernetesResources(PYTORCH).inNamespace(NAMESPACE).resource(job).updateStatus();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long written = System.nanoTime();
        pool.shutdown();
        long finished = awaitCount(() -> (long) (pipeline.published() - before), expected, Duration.ofMinutes(5));
        double seconds = (finished - started) / 1e9;
        addRow("informer (mock API → informer → mapping → Kafka)", expected, seconds, pipeline.latency(),
                String.format("API writes %.0f/s; %d objects", expected / ((written - started) / 1e9), objects));
        results.put("informer.failed", String.valueOf(pipeline.failed()));
    }

    /**
     * @param rate events per second per run (0 = as fast as the threads go). When paced, latency counts from the
     *             time each event was due, so a feeder that falls behind shows up in the latency (no coordinated
     *             omission).
     */
    private void directPath(KubernetesClient kube, Pipeline pipeline, int objects, int threads, int rate) throws Exception {
        WorkloadStatusMapper mapper = pipeline.engine.mapper();
        KindBinding binding = pipeline.engine.types().get("PyTorchJob").versions().get("v1");
        String[] phases = {null, "Created", "Running", "Succeeded"};
        // Prepared up front: the harness measures the mapping path, not the building of test objects.
        List<List<GenericKubernetesResource>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<GenericKubernetesResource> feed = new ArrayList<>();
            List<GenericKubernetesResource> jobs = new ArrayList<>();
            for (int i = t; i < objects; i += threads) {
                GenericKubernetesResource job = pytorchJob("direct-" + t + "-" + i, UUID.randomUUID().toString(), 2);
                jobs.add(job);
            }
            for (String phase : phases) {
                for (GenericKubernetesResource job : jobs) {
                    GenericKubernetesResource copy = kube.getKubernetesSerialization().clone(job);
                    if (phase != null) {
                        copy.setAdditionalProperty("status", status(phase));
                    }
                    feed.add(copy);
                }
            }
            perThread.add(feed);
        }
        long expected = 4L * objects;
        double before = pipeline.published();
        long started = System.nanoTime();
        List<Thread> feeders = new ArrayList<>();
        ObjectTrees trees = new ObjectTrees(kube.getKubernetesSerialization());
        double intervalNanos = rate == 0 ? 0 : 1e9 * threads / rate;
        for (List<GenericKubernetesResource> feed : perThread) {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < feed.size(); i++) {
                    long received = System.nanoTime();
                    if (rate > 0) {
                        long due = started + (long) (i * intervalNanos);
                        while (received < due) {
                            java.util.concurrent.locks.LockSupport.parkNanos(due - received);
                            received = System.nanoTime();
                        }
                        received = due;
                    }
                    JsonNode json = trees.toTree(feed.get(i));
                    mapper.onUpsert(binding, json, received);
                }
            });
            feeders.add(feeder);
            feeder.start();
        }
        for (Thread feeder : feeders) {
            feeder.join();
        }
        long fed = System.nanoTime();
        long finished = awaitCount(() -> (long) (pipeline.published() - before), expected, Duration.ofMinutes(5));
        double seconds = (finished - started) / 1e9;
        addRow("direct feed, " + threads + " thread" + (threads > 1 ? "s" : "")
                        + (rate > 0 ? ", paced at " + rate + "/s" : ", as fast as possible") + " (mapping → Kafka)",
                expected, seconds, pipeline.latency(),
                String.format("mapping alone %.0f/s", expected / ((fed - started) / 1e9)));
    }

    private void memoryPerWorkload(int workloads) {
        WorkloadKinds kinds = new WorkloadKinds();
        WorkloadTracker tracker = new WorkloadTracker(kinds);
        WorkloadStatusMapper mapper = new WorkloadStatusMapper("bench", new WorkloadEvaluator(), tracker,
                (uid, event, outcome) -> outcome.published(), new StatusMapperMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
        WorkloadStatusEvent template = WorkloadStatusEvent.newBuilder()
                .setEventId("e").setObservedAt(java.time.Instant.now()).setClusterId("bench").setGroup("kubeflow.org")
                .setVersion("v1").setKind("PyTorchJob").setNamespace(NAMESPACE).setName("n").setUid("u")
                .setGeneration(1L).setWorkloadType(new WorkloadTypeRef("PyTorchJob", 1L)).setState(AbstractState.RUNNING)
                .setMatchedStatuses(List.of("Running")).setComponents(List.of()).build();
        long baseline = usedHeapAfterGc();
        for (int i = 0; i < workloads; i++) {
            template.setUid(UUID.randomUUID().toString());
            mapper.restore(template);
        }
        long filled = usedHeapAfterGc();
        double perWorkload = (double) (filled - baseline) / workloads;
        results.put("memory.bytesPerWorkload", String.format("%.0f", perWorkload));
        results.put("memory.workloads", String.valueOf(tracker.size()));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void addRow(String path, long transitions, double seconds, ValueAtPercentile[] latency, String note) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (ValueAtPercentile v : latency) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        rows.add(new String[] {path, String.valueOf(transitions), String.format("%.0f", transitions / seconds),
                String.format("%.1f", p50), String.format("%.1f", p99), note});
    }

    private void print() {
        System.out.println();
        System.out.printf("status-mapper-service load harness — %d cores, Java %s, heap max %d MiB, GC %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                        .collect(java.util.stream.Collectors.joining("+")));
        System.out.printf("Load average (1/5/15 min) before: %s, after: %s%n", results.get("load.before"), loadAverage());
        System.out.println("| path | transitions | events/s | p50 ms | p99 ms | note |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.printf("%nMemory: %s bytes per tracked workload (%s workloads in the tracker)%n",
                results.get("memory.bytesPerWorkload"), results.get("memory.workloads"));
        System.out.printf("Publish failures during the informer run: %s%n", results.get("informer.failed"));
    }

    /** Other processes on the machine compete for its 2 cores; the table is only meaningful next to this. */
    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long awaitCount(LongSupplier count, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count.getAsLong() + " of " + expected + " events published");
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    private static void installPyTorchJobCrd(KubernetesClient kube) {
        kube.apiextensions().v1().customResourceDefinitions().resource(
                new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                        .withNewMetadata().withName("pytorchjobs.kubeflow.org").endMetadata()
                        .withNewSpec().withGroup("kubeflow.org").withScope("Namespaced")
                        .withNewNames().withKind("PyTorchJob").withPlural("pytorchjobs").withSingular("pytorchjob").endNames()
                        .addNewVersion().withName("v1").withServed(true).withStorage(true)
                        .withNewSubresources().withNewStatus().endStatus().endSubresources()
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                        .endVersion().endSpec().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    private static GenericKubernetesResource pytorchJob(String name, String uid, int workers) {
        GenericKubernetesResource job = new GenericKubernetesResourceBuilder()
                .withApiVersion("kubeflow.org/v1").withKind("PyTorchJob")
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withUid(uid).withGeneration(uid == null ? null : 1L)
                .withResourceVersion(uid == null ? null : "1")
                .addToLabels("app", "bench").endMetadata()
                .build();
        Map<String, Object> template = Map.of("spec", Map.of("containers", List.of(Map.of("name", "pytorch",
                "image", "pytorch/pytorch:2.4", "resources", Map.of("limits", Map.of("nvidia.com/gpu", 1))))));
        job.setAdditionalProperty("spec", Map.of("pytorchReplicaSpecs", Map.of(
                "Master", Map.of("replicas", 1, "restartPolicy", "OnFailure", "template", template),
                "Worker", Map.of("replicas", workers, "restartPolicy", "OnFailure", "template", template))));
        return job;
    }

    private static Map<String, Object> status(String phase) {
        List<Map<String, Object>> conditions = new ArrayList<>();
        conditions.add(Map.of("type", "Created", "status", "True", "reason", "PyTorchJobCreated"));
        if (phase.equals("Running")) {
            conditions.add(Map.of("type", "Running", "status", "True", "reason", "PyTorchJobRunning"));
            conditions.add(Map.of("type", "Succeeded", "status", "False"));
            conditions.add(Map.of("type", "Failed", "status", "False"));
        } else if (phase.equals("Succeeded")) {
            conditions.add(Map.of("type", "Running", "status", "False", "reason", "PyTorchJobSucceeded"));
            conditions.add(Map.of("type", "Succeeded", "status", "True", "reason", "PyTorchJobSucceeded"));
        }
        return Map.of("conditions", conditions);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
