package io.kindred.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.registry.catalog.StableIds;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Load harness (not a test): drives a running registry-service and prints requests/s and latency percentiles for
 * GET list (all built-ins), GET by id and POST+DELETE of a PyTorchJob-shaped type, then the outbox's publish lag
 * under that write load, measured by a consumer of the topic (commit → visible to a consumer) and by the service's
 * own metric (commit → broker acknowledgement).
 *
 * <p>Run the service against the devstack, then, with the same env file loaded:
 * <pre>
 * ./mvnw -pl registry-service exec:java            # defaults: http://localhost:8080, 15 s per phase, 8 clients
 * ./mvnw -pl registry-service exec:java -Dexec.args="http://localhost:8080 20 16"
 * </pre>
 * It needs KINDRED_ADMIN_CLIENT_ID/SECRET (a token), and KAFKA_BOOTSTRAP_SERVERS/APICURIO_REGISTRY_URL for the
 * consumer-side lag. Every loop is bounded by its phase duration; the harness stops by itself and deletes what it made.
 */
public final class RegistryLoadHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Duration phase;
    private final int clients;
    private final String token;
    private final AtomicInteger kinds = new AtomicInteger();
    private final String runId = Long.toString(System.currentTimeMillis() % 100000);

    private RegistryLoadHarness(String base, Duration phase, int clients) throws Exception {
        this.base = base;
        this.phase = phase;
        this.clients = clients;
        this.token = token();
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        new RegistryLoadHarness(base, phase, clients).run();
    }

    private record Result(String name, long requests, long errors, double seconds, List<Long> latenciesMicros) {

        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesMicros.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesMicros.size() - 1, Math.ceil(p * latenciesMicros.size()) - 1);
            return latenciesMicros.get(Math.max(0, index)) / 1000.0;
        }
    }

    private interface Step {
        /** One operation; returns how many HTTP requests it made, throws on an unexpected status. */
        int run() throws Exception;
    }

    private void run() throws Exception {
        List<Result> results = new ArrayList<>();
        JsonNode list = send("GET", "/api/v1/workload-types", null, 200);
        int typeCount = list.get("types").size();
        String someId = list.get("types").get(0).get("id").asText();
        System.out.printf(Locale.ROOT, "registry at %s: %d types; %d clients, %d s per phase%n", base, typeCount, clients,
                phase.toSeconds());

        measure("warm-up", () -> {
            send("GET", "/api/v1/workload-types", null, 200);
            return 1;
        }, Duration.ofSeconds(Math.min(5, phase.toSeconds())));
        results.add(measure("GET /workload-types (" + typeCount + " types)", () -> {
            send("GET", "/api/v1/workload-types", null, 200);
            return 1;
        }, phase));
        results.add(measure("GET /workload-types/{id}", () -> {
            send("GET", "/api/v1/workload-types/" + someId, null, 200);
            return 1;
        }, phase));

        try (LagProbe probe = LagProbe.start("Bench" + runId)) {
            Instant writesStart = Instant.now();
            results.add(measure("POST + DELETE PyTorchJob-shaped type", () -> {
                String kind = "Bench" + runId + "Job" + kinds.incrementAndGet();
                JsonNode created = send("POST", "/api/v1/workload-types", createBody(kind), 201);
                send("DELETE", "/api/v1/workload-types/" + created.get("id").asText(), null, 204);
                return 2;
            }, phase));
            int expected = kinds.get() * 3; // CREATED, DELETED and the tombstone
            printTable(results);
            if (probe != null) {
                probe.awaitAtLeast(expected, Duration.ofSeconds(60));
                System.out.printf(Locale.ROOT, "%nOutbox publish lag under the POST+DELETE load (%d changes in %d s):%n",
                        kinds.get() * 2, Duration.between(writesStart, Instant.now()).toSeconds());
                probe.print();
            } else {
                System.out.println("\n(no KAFKA_BOOTSTRAP_SERVERS: consumer-side lag not measured)");
            }
        }
        printServerLag();
    }

    private Result measure(String name, Step step, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            daemon(name, () -> {
                try {
                    while (!stop.get() && System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            requests.addAndGet(step.run());
                            latencies.add((System.nanoTime() - t0) / 1000);
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println(name + ": " + e.getMessage());
                            }
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(name, requests.get(), errors.get(), seconds, sorted);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void printTable(List<Result> results) {
        System.out.println();
        System.out.println("| operation | requests/s | operations | p50 (ms) | p99 (ms) | errors |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %.2f | %.2f | %d |%n", r.name(), r.perSecond(), r.latenciesMicros().size(),
                    r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors());
        }
        System.out.println("(POST + DELETE: requests/s counts both requests; latency is per pair)");
    }

    private void printServerLag() throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("\nService metric kindred_outbox_publish_lag_seconds (commit → broker ack, recent window):");
        metrics.body().lines().filter(line -> line.startsWith("kindred_outbox_publish_lag_seconds")
                        || line.startsWith("kindred_outbox_unpublished_events") || line.startsWith("kindred_outbox_oldest"))
                .forEach(line -> System.out.println("  " + line));
    }

    private ObjectNode createBody(String kind) throws IOException {
        ObjectNode entry;
        try (InputStream in = RegistryLoadHarness.class.getResourceAsStream("/ri/pytorchjob-v1.json")) {
            entry = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode root = (ObjectNode) entry.path("spec").path("structureDefinition").path("rootComponent");
        ((ObjectNode) root.path("kind")).put("kind", kind);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", kind);
        body.put("group", "kubeflow.org");
        body.put("categoryId", StableIds.category("Train").toString());
        body.put("priorityId", StableIds.priority("low").toString());
        body.putArray("resourceInterfaces").add(entry);
        return body;
    }

    private JsonNode send(String method, String path, JsonNode body, int expectedStatus) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return response.body().length == 0 ? null : JSON.readTree(response.body());
    }

    private String token() throws IOException, InterruptedException {
        String id = System.getenv("KINDRED_ADMIN_CLIENT_ID");
        String secret = System.getenv("KINDRED_ADMIN_CLIENT_SECRET");
        if (id == null || secret == null) {
            throw new IllegalStateException("Set KINDRED_ADMIN_CLIENT_ID and KINDRED_ADMIN_CLIENT_SECRET (load target/devstack.env)");
        }
        ObjectNode body = JSON.createObjectNode().put("grantType", "client_credentials").put("clientId", id).put("clientSecret", secret);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("accessToken").asText();
    }

    /** Consumes the topic and records, per event of this run, the time from its commit (occurredAt) to its arrival. */
    private static final class LagProbe implements AutoCloseable {

        private final KafkaConsumer<String, WorkloadTypeEvent> consumer;
        private final String prefix;
        private final List<Long> lagsMillis = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger records = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        static LagProbe start(String prefix) {
            String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            String registry = System.getenv("APICURIO_REGISTRY_URL");
            if (bootstrap == null || registry == null) {
                return null;
            }
            return new LagProbe(bootstrap, registry, prefix);
        }

        private LagProbe(String bootstrap, String registry, String prefix) {
            this.prefix = prefix;
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
            props.put("apicurio.registry.url", registry);
            props.put("apicurio.registry.use-specific-avro-reader", true);
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(System.getenv().getOrDefault("KINDRED_OUTBOX_TOPIC", "workload-types")));
            // join the group and get positioned before the writes start
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            thread = daemon("lag-probe", this::poll);
        }

        private void poll() {
            while (!stop.get()) {
                for (ConsumerRecord<String, WorkloadTypeEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    records.incrementAndGet();
                    if (record.value() != null) {
                        lagsMillis.add(System.currentTimeMillis() - record.value().getOccurredAt().toEpochMilli());
                    }
                }
            }
        }

        void awaitAtLeast(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        void print() {
            List<Long> sorted;
            synchronized (lagsMillis) {
                sorted = new ArrayList<>(lagsMillis);
            }
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                System.out.println("  no events received");
                return;
            }
            System.out.printf(Locale.ROOT, "| events | p50 (ms) | p99 (ms) | max (ms) |%n|---:|---:|---:|---:|%n| %d | %d | %d | %d |%n",
                    sorted.size(), at(sorted, 0.5), at(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static long at(List<Long> sorted, double p) {
            return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(2000);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
