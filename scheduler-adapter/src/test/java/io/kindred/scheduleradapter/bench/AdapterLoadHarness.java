package io.kindred.scheduleradapter.bench;

import static io.kindred.scheduleradapter.support.AdapterTestKit.scale;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadRef;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.kafka.CompactedTopics;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Load harness, not a test: skipped unless {@code -Dbench.adapter=true} (not under {@code kindred.}: the adapter's
 * config mapping refuses unknown keys there). It runs the adapter as a Quarkus
 * application on the devstack (embedded Kafka, Apicurio stand-in, fabric8 mock Kubernetes API, all in this JVM) and
 * prints one table:
 * <ol>
 *   <li><b>burst</b>: N PyTorchJob status events (Initializing, master 1 + worker 3) produced as fast as possible to
 *       {@code workload-status}; workloads/s = N / (first send → last PodGroup seen by a watch), directives/s from
 *       the directive records' timestamps;</li>
 *   <li><b>paced</b>: events at a fixed rate; latency per workload from the send to the PodGroup's ADDED event on a
 *       watch of the mock API (so it includes the watch's delivery), p50/p99/max;</li>
 *   <li><b>webhook</b>: AdmissionReviews for pods of PyTorchJobs already in the adapter's owner cache, one at a time
 *       over HTTP/1.1 keep-alive; latency p50/p99/max measured by the client, and the requests the mock API server
 *       received meanwhile (GETs per admission must be 0); then the handler's own work in-process (parse, review,
 *       serialize), wall-clock and thread CPU time per review, which a loaded machine's scheduling does not inflate.</li>
 * </ol>
 * For the burst and paced phases it also prints the CPU time of every thread of the JVM per workload (grouped by
 * thread name) and, for the burst, JFR execution samples attributed to the adapter, the mock API server, the Kafka
 * broker, the schema registry stand-in and the harness (the recording is left in {@code target/adapter-burst.jfr}),
 * so the adapter's own cost can be told from that of the fake backends sharing its JVM; and the load average.
 * Run: see docs/benchmarks.md ("scheduler-adapter"). Sizes: {@code -Dbench.burst=5000 -Dbench.rate=1000
 * -Dbench.seconds=10 -Dbench.admissions=20000}.
 */
@QuarkusTest
@WithTestResource(BenchApiResource.class)
@EnabledIfSystemProperty(named = "bench.adapter", matches = "true")
class AdapterLoadHarness {

    private static final String NS = "bench";
    private static final ResourceDefinitionContext PYTORCH = AdapterTestKit.context("kubeflow.org", "v1", "PyTorchJob",
            "pytorchjobs");
    private static final ResourceDefinitionContext KAI_GROUPS = AdapterTestKit.context("scheduling.run.ai", "v2alpha2",
            "PodGroup", "podgroups");

    @Inject
    AdapterRuntime runtime;

    @TestHTTPResource("/admission/pods")
    URL admission;

    /** Send time (nanoTime) per workload UID, and when its first PodGroup was seen. */
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> appliedAt = BenchApiResource.constantApi() ? BenchApiResource.APPLIED
            : new ConcurrentHashMap<>();

    @Test
    void run() throws Exception {
        int burst = Integer.getInteger("bench.burst", 5000);
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int admissions = Integer.getInteger("bench.admissions", 20000);

        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        AdapterTestKit.register("PyTorchJob");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runtime.types().kind("kubeflow.org", "v1", "PyTorchJob") == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PyTorchJob never reached the adapter's type table");
            }
            Thread.sleep(50);
        }
        KubernetesClient kubernetes = AdapterTestKit.kubernetes();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("load average at start (1/5/15 min)", loadAverage());
        rows.put("API server the adapter writes PodGroups to", BenchApiResource.constantApi()
                ? "constant-time front (ConstantTimePodGroups; everything else forwarded to the mock)"
                : "the devstack's mock API server");
        try (Watch watch = kubernetes.genericKubernetesResources(KAI_GROUPS).inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource group) {
                if (action == Action.ADDED) {
                    String uid = group.getMetadata().getLabels().get(Backend.WORKLOAD_UID_LABEL);
                    appliedAt.putIfAbsent(uid, System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }); KafkaProducer<String, WorkloadStatusEvent> producer = AdapterTestKit.kafka().eventProducer("bench",
                Map.of("linger.ms", "1", "acks", "all"))) {

            // warm-up: JIT, connections, the first PodGroups
            List<String> warm = send(producer, 500, 0);
            awaitApplied(warm, Duration.ofSeconds(120));

            // 1. burst
            Devstack.kubernetes().takeRequests();
            long frontApplies = frontApplies();
            ThreadCpu cpu = ThreadCpu.start();
            Profile profile = Profile.start();
            long start = System.nanoTime();
            List<String> burstUids = send(producer, burst, 0);
            long end = awaitApplied(burstUids, Duration.ofSeconds(600));
            String samples = profile.stop(Path.of("target", "adapter-burst.jfr"));
            String threads = cpu.perWorkload(burst);
            List<String> burstRequests = new ArrayList<>(Devstack.kubernetes().takeRequests());
            for (long i = frontApplies(); i > frontApplies; i--) {
                burstRequests.add("PATCH (answered by the constant-time front)");
            }
            double seconds1 = (end - start) / 1e9;
            rows.put("burst: workloads", Integer.toString(burst));
            rows.put("burst: workloads/s to PodGroup applied", String.format("%.0f", burst / seconds1));
            rows.put("burst: directives/s (directive record timestamps)", directivesPerSecond(new HashSet<>(burstUids)));
            rows.put("burst: latency p50 / p99 / max (ms, queueing included)", percentiles(latencies(burstUids)));
            rows.put("burst: API requests per workload", String.format("%.2f (%s)",
                    burstRequests.size() / (double) burst, byMethod(burstRequests)));
            rows.put("burst: CPU per workload by thread (µs; all threads of the JVM)", threads);
            rows.put("burst: CPU samples by component (JFR, target/adapter-burst.jfr)", samples);

            // 2. paced
            int paced = rate * seconds;
            ThreadCpu pacedCpu = ThreadCpu.start();
            List<String> pacedUids = send(producer, paced, rate);
            awaitApplied(pacedUids, Duration.ofSeconds(600));
            rows.put("paced: rate offered (workloads/s) x s", rate + " x " + seconds);
            rows.put("paced: latency event -> PodGroup p50 / p99 / max (ms)", percentiles(latencies(pacedUids)));
            rows.put("paced: CPU per workload by thread (µs)", pacedCpu.perWorkload(paced));
        }

        // 3. webhook, warm owner cache
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            GenericKubernetesResource job = AdapterTestKit.create(PYTORCH, NS, AdapterTestKit.object("kubeflow.org/v1",
                    "PyTorchJob", "bench-" + i, Map.of("pytorchReplicaSpecs", Map.of(
                            "Master", Map.of("replicas", 1, "template", Map.of("spec", Map.of())),
                            "Worker", Map.of("replicas", 3, "template", Map.of("spec", Map.of()))))));
            owners.add(job.getMetadata().getUid());
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!owners.stream().allMatch(uid -> runtime.objects().get(uid) != null)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the PyTorchJobs never reached the owner cache");
            }
            Thread.sleep(50);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5000; i++) {
            review(http, owners.get(i % owners.size()), i, true);
        }
        Devstack.kubernetes().takeRequests();
        long[] webhook = new long[admissions];
        for (int i = 0; i < admissions; i++) {
            long t0 = System.nanoTime();
            review(http, owners.get(i % owners.size()), i, false);
            webhook[i] = System.nanoTime() - t0;
        }
        List<String> during = Devstack.kubernetes().takeRequests();
        // the leader election renews its Lease (GET + update every retry period) whatever the webhook does
        List<String> lease = during.stream().filter(r -> r.contains("/apis/coordination.k8s.io/")).toList();
        List<String> others = during.stream().filter(r -> !r.contains("/apis/coordination.k8s.io/")).toList();
        long gets = others.stream().filter(r -> r.startsWith("GET ") && !r.contains("watch=true")).count();
        rows.put("webhook: AdmissionReviews", Integer.toString(admissions));
        rows.put("webhook: latency p50 / p99 / max (ms, client side)", percentiles(webhook));
        rows.put("webhook: API requests during the phase, Lease renewals apart", others.size() + " (" + byMethod(others)
                + "); Lease: " + lease.size() + " (" + byMethod(lease) + ")");
        rows.put("webhook: API GETs per admission", String.format("%.4f", gets / (double) admissions));
        long[][] handler = handlerCost(owners, admissions);
        rows.put("webhook handler in-process: wall p50 / p99 / max (ms; parse, review, serialize)",
                percentiles(handler[0]));
        rows.put("webhook handler in-process: thread CPU p50 / p99 / max (ms)", percentiles(handler[1]));
        rows.put("load average at end (1/5/15 min)", loadAverage());

        StringBuilder table = new StringBuilder("\n| scheduler-adapter load harness | result |\n| --- | --- |\n");
        rows.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        table.append("\nJVM: ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB\n");
        System.out.println(table);
    }

    /**
     * The admission handler's own work, without HTTP and client: what AdmissionResource does per request (parse the
     * AdmissionReview, review it, serialize the answer), timed in wall-clock and in this thread's CPU time, so the
     * cost can be judged apart from the scheduling delays of a loaded machine.
     */
    private long[][] handlerCost(List<String> owners, int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[][] bodies = new byte[owners.size()][];
        for (int i = 0; i < owners.size(); i++) {
            bodies[i] = reviewBody(owners.get(i), i).getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0; i < 20000; i++) { // warm-up
            json.writeValueAsBytes(runtime.admission().review(json.readTree(bodies[i % bodies.length])));
        }
        long[] wall = new long[count];
        long[] cpu = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] body = bodies[i % bodies.length];
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            byte[] answer = json.writeValueAsBytes(runtime.admission().review(json.readTree(body)));
            wall[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            if (answer.length < 100) {
                throw new IllegalStateException("no patch: " + new String(answer, StandardCharsets.UTF_8));
            }
        }
        return new long[][] {wall, cpu};
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** CPU time of every live thread, grouped by name without its number, over a phase. */
    private record ThreadCpu(Map<Long, Long> before, Map<Long, String> names) {
        static ThreadCpu start() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> before = new java.util.HashMap<>();
            Map<Long, String> names = new java.util.HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    before.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
            return new ThreadCpu(before, names);
        }

        /** The groups using the most CPU, in µs per workload, largest first, and the total. */
        String perWorkload(int workloads) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byGroup = new java.util.HashMap<>();
            long total = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long used = threads.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
                if (used <= 0) {
                    continue;
                }
                String group = info.getThreadName().replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
                byGroup.merge(group, used, Long::sum);
                total += used;
            }
            StringBuilder text = new StringBuilder(String.format("total %.0f", total / 1e3 / workloads));
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> text.append(String.format("; %s %.0f", e.getKey(), e.getValue() / 1e3 / workloads)));
            return text.toString();
        }
    }

    /**
     * JFR execution samples (every 10 ms per running Java thread) over a phase, attributed by their frames: the mock
     * API server, the Kafka broker, the schema registry stand-in, this harness, or the adapter (with the clients it
     * uses: fabric8, Kafka producer and consumer, Vert.x). GC and JIT threads are not sampled.
     */
    private record Profile(Recording recording) {
        private static final String FRONT = "constant-time API front";

        static Profile start() {
            Recording recording = new Recording();
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            return new Profile(recording);
        }

        String stop(Path file) throws java.io.IOException {
            recording.stop();
            Files.createDirectories(file.getParent());
            recording.dump(file);
            recording.close();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String component : List.of("adapter", "mock API server", FRONT, "Kafka broker", "schema registry",
                    "harness")) {
                counts.put(component, 0);
            }
            List<RecordedEvent> samples = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples.add(event);
                }
            }
            // the mock server's own Vert.x threads: those that ever ran its dispatcher (their I/O has no mock frame)
            // and likewise the constant-time front's
            Map<Long, String> serverThreads = new HashMap<>();
            for (RecordedEvent sample : samples) {
                String component = byFrames(sample);
                if ("mock API server".equals(component) || FRONT.equals(component)) {
                    serverThreads.put(threadId(sample), component);
                }
            }
            int total = samples.size();
            for (RecordedEvent sample : samples) {
                String component = byFrames(sample);
                if (component == null) {
                    component = serverThreads.getOrDefault(threadId(sample), "adapter");
                }
                counts.merge(component, 1, Integer::sum);
            }
            StringBuilder text = new StringBuilder(total + " samples");
            for (Map.Entry<String, Integer> entry : counts.entrySet()) {
                text.append(String.format("; %s %.0f%%", entry.getKey(), 100.0 * entry.getValue() / Math.max(1, total)));
            }
            return text.toString();
        }

        private static long threadId(RecordedEvent sample) {
            return sample.getThread("sampledThread") == null ? -1 : sample.getThread("sampledThread").getJavaThreadId();
        }

        /** The component a sample's frames name, or null (the adapter, or I/O of the mock server's threads). */
        private static String byFrames(RecordedEvent event) {
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith("io.fabric8.mockwebserver") || type.startsWith("io.fabric8.kubernetes.client.server.mock")
                        || type.startsWith("io.kindred.devstack.kubernetes")) {
                    return "mock API server";
                }
                if (type.startsWith("kafka.") || type.startsWith("org.apache.kafka.server")
                        || type.startsWith("org.apache.kafka.storage") || type.startsWith("org.apache.kafka.raft")
                        || type.startsWith("org.apache.kafka.controller") || type.startsWith("org.apache.kafka.metadata")
                        || type.startsWith("org.apache.kafka.image") || type.startsWith("org.apache.kafka.coordinator")
                        || type.startsWith("org.apache.kafka.network")) {
                    return "Kafka broker";
                }
                if (type.equals(ConstantTimePodGroups.class.getName())) {
                    return FRONT;
                }
                if (type.startsWith("io.kindred.devstack.registry")) {
                    return "schema registry";
                }
                if (type.startsWith("io.kindred.scheduleradapter.bench")) {
                    return "harness";
                }
            }
            return null;
        }
    }

    /** Sends {@code count} Initializing events of new PyTorchJobs, {@code rate} per second (0: as fast as possible). */
    private List<String> send(KafkaProducer<String, WorkloadStatusEvent> producer, int count, int rate) {
        List<String> uids = new ArrayList<>(count);
        long start = System.nanoTime();
        List<ComponentScale> components = List.of(scale("pytorchjob", null, null), scale("master", 1, null),
                scale("worker", 3, null));
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) (i * (1e9 / rate));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            String uid = UUID.randomUUID().toString();
            WorkloadStatusEvent event = WorkloadStatusEvent.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setObservedAt(Instant.now()).setClusterId("test-cluster")
                    .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob").setNamespace(NS)
                    .setName("job-" + uid.substring(0, 8)).setUid(uid).setWorkloadType(new WorkloadTypeRef("PyTorchJob", 1L))
                    .setState(AbstractState.INITIALIZING).setComponents(components).setController(null).build();
            sentAt.put(uid, System.nanoTime());
            producer.send(new ProducerRecord<>("workload-status", uid, event));
            uids.add(uid);
        }
        producer.flush();
        return uids;
    }

    private static long frontApplies() {
        ConstantTimePodGroups front = BenchApiResource.front;
        return front == null ? 0 : front.applies();
    }

    /** Waits until every workload's PodGroup was seen; returns when the last one was. */
    private long awaitApplied(List<String> uids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // each poll resumes at the first workload not yet seen, so polling costs O(workloads) in all, not per poll:
        // the harness shares the machine with what it measures
        int next = 0;
        while (next < uids.size()) {
            if (appliedAt.containsKey(uids.get(next))) {
                next++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((uids.size() - next) + " of " + uids.size()
                        + " workloads (at most) got no PodGroup in " + timeout);
            }
            Thread.sleep(20);
        }
        long last = 0;
        for (String uid : uids) {
            last = Math.max(last, appliedAt.get(uid));
        }
        return last;
    }

    private long[] latencies(List<String> uids) {
        return uids.stream().mapToLong(uid -> appliedAt.get(uid) - sentAt.get(uid)).toArray();
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.2f / %.2f / %.2f", at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String byMethod(List<String> requests) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String request : requests) {
            String method = request.substring(0, request.indexOf(' '));
            if (request.contains("watch=true")) {
                method = "WATCH";
            }
            counts.merge(method, 1L, Long::sum);
        }
        return counts.toString();
    }

    /** Directives about {@code uids} per second, between the first and the last directive record's timestamp. */
    private static String directivesPerSecond(Set<String> uids) {
        long first = Long.MAX_VALUE;
        long last = 0;
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = AdapterTestKit.kafka().rawConsumer("bench-directives")) {
            var deserializer = AdapterTestKit.kafka().<SchedulingDirectiveEvent>avroDeserializer();
            var partitions = CompactedTopics.partitions(consumer, "scheduling-directives", Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, Duration.ofSeconds(10));
            while (!CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SchedulingDirectiveEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    WorkloadRef workload = event == null ? null : event.getWorkload();
                    if (workload != null && uids.contains(workload.getUid())) {
                        count++;
                        first = Math.min(first, record.timestamp());
                        last = Math.max(last, record.timestamp());
                    }
                }
            }
        }
        return count < 2 ? count + " directives" : String.format("%.0f (%d directives in %d ms)",
                count / Math.max(0.001, (last - first) / 1000.0), count, last - first);
    }

    private void review(HttpClient http, String ownerUid, int i, boolean warmUp) throws Exception {
        String body = reviewBody(ownerUid, i);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(admission.toString()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || (!warmUp && !response.body().contains("\"patch\""))) {
            throw new IllegalStateException("AdmissionReview " + i + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private static String reviewBody(String ownerUid, int i) {
        return AdapterTestKit.admissionReview("r-" + i, NS, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-%d",
                   "labels":{"training.kubeflow.org/replica-type":"worker"},
                   "ownerReferences":[{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","name":"x",
                     "uid":"%s","controller":true}]},
                 "spec":{"schedulerName":"kai-scheduler","containers":[{"name":"c","image":"i"}]}}
                """.formatted(i, ownerUid));
    }
}
