package io.kindred.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.Devstack;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.kubernetes.MockKubernetes;
import io.kindred.events.AbstractState;
import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.KafkaClients;

/**
 * Three status-mapper replicas (the built jar, three processes) on the devstack's Kafka and mock API server, electing
 * their leader on a Lease. The leader is killed (-9) and, while nobody leads, one workload changes, one is created and
 * one is deleted: a standby takes over within seconds and publishes exactly those transitions, once each by eventId.
 * Then the new leader is stopped (SIGTERM, so it gives the Lease up) and the last replica takes over. Before the
 * kill, the standbys published nothing (every transition is on the topic once). Prints the takeover times.
 * <p>
 * Its own topics and Lease, so it shares nothing with {@link EndToEndIT} but the devstack.
 */
class MapperFailoverIT {

    private static final String NS = "default";
    private static final String PREFIX = "failover.";
    private static final String CLUSTER = "failover";
    private static final Duration SERVICE_READY = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short enough for a fast test, long enough for a loaded CI machine to renew in time. */
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofMillis(500);

    private static final List<WorkloadStatusEvent> STATUS = new CopyOnWriteArrayList<>();
    private static final Map<String, ServiceProcess> REPLICAS = new LinkedHashMap<>();
    private static KubernetesClient kubernetes;
    private static EventStream events;

    @BeforeAll
    static void startThreeReplicas() throws Exception {
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty(KindredMain.ROOT_PROPERTY, "..")).toAbsolutePath().normalize();
        assertThat(KindredService.STATUS_MAPPER.jar(root)).isRegularFile();
        Path work = root.resolve("stack").resolve("target").resolve("failover");
        Files.createDirectories(work);

        KafkaBackend kafka = Devstack.kafka();
        KubernetesBackend cluster = Devstack.kubernetes();
        String schemaRegistry = Devstack.schemaRegistry().apiUrl();
        for (String topic : List.of("workload-types", "workload-status", "cluster-type-status")) {
            kafka.createCompactedTopic(PREFIX + topic);
        }
        kafka.createTopic(PREFIX + "workload-types.dlq", 1);
        Path kubeconfig = cluster instanceof MockKubernetes mock ? mock.writeKubeconfig(work.resolve("kubeconfig.yaml"))
                : cluster.kubeconfigFile().orElseThrow();
        kubernetes = cluster.client();
        DemoWorkload.installCrd(kubernetes);

        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), schemaRegistry,
                "failover-it");
        registerTrainingRun(clients);

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("APICURIO_REGISTRY_URL", schemaRegistry);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KINDRED_CLUSTER_ID", CLUSTER);
        env.put("KINDRED_TOPICS_WORKLOAD_TYPES", PREFIX + "workload-types");
        env.put("KINDRED_TOPICS_WORKLOAD_STATUS", PREFIX + "workload-status");
        env.put("KINDRED_TOPICS_WORKLOAD_TYPES_DEAD_LETTER", PREFIX + "workload-types.dlq");
        env.put("KINDRED_TOPICS_CLUSTER_TYPE_STATUS", PREFIX + "cluster-type-status");
        env.put("KINDRED_LEADER_ELECTION_LEASE_NAME", "failover-status-mapper");
        env.put("KINDRED_LEADER_ELECTION_LEASE_DURATION", LEASE.toMillis() + "ms");
        env.put("KINDRED_LEADER_ELECTION_RENEW_DEADLINE", RENEW_DEADLINE.toMillis() + "ms");
        env.put("KINDRED_LEADER_ELECTION_RETRY_PERIOD", RETRY.toMillis() + "ms");
        env.put("KINDRED_STARTUP_RETRY_DELAY", "1s");
        env.put("KINDRED_STARTUP_RETRY_MAX", "2s");
        for (String name : List.of("mapper-a", "mapper-b", "mapper-c")) {
            Map<String, String> own = new HashMap<>(env);
            own.put("POD_NAME", name);
            Path log = work.resolve(name + ".log");
            Files.deleteIfExists(log);
            REPLICAS.put(name, new ServiceProcess(KindredService.STATUS_MAPPER, root, log, UpCommand.freePort(), own,
                    ServiceProcess.DEFAULT_JAVA_OPTS));
        }
        REPLICAS.values().forEach(ServiceProcess::start);
        events = EventStream.open(clients, List.of(PREFIX + "workload-status"), true, record -> {
            if (record.value() instanceof WorkloadStatusEvent status) {
                STATUS.add(status);
            }
        });
        CompletableFuture.allOf(REPLICAS.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(SERVICE_READY)))
                .toArray(CompletableFuture[]::new)).join();
        System.out.printf("failover: three status-mapper replicas ready in %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    static void stopAll() {
        if (events != null) {
            events.close();
        }
        REPLICAS.values().forEach(replica -> replica.stop(Duration.ofSeconds(20)));
    }

    @Test
    void aStandbyTakesOverWithinSecondsAndPublishesWhatChangedWhileNobodyLed() {
        String first = awaitSingleLeader(REPLICAS.keySet());
        for (String name : REPLICAS.keySet()) {
            if (!name.equals(first)) {
                JsonNode pipeline = pipeline(name);
                assertThat(pipeline.path("status").asText()).as("a standby is ready").isEqualTo("UP");
                assertThat(pipeline.path("data").path("phase").asText()).isEqualTo("STANDBY");
                assertThat(pipeline.path("data").path("leadership").asText()).startsWith("standby")
                        .contains("leader: " + first);
                assertThat(pipeline.path("data").path("workloadTypes").asInt()).as("warm: types loaded").isEqualTo(1);
            }
        }

        GenericKubernetesResource changed = initializing("fo-changed");
        GenericKubernetesResource doomed = initializing("fo-deleted");

        // kill -9 the leader; change, create and delete while nobody leads
        long killed = System.nanoTime();
        REPLICAS.get(first).kill();
        DemoWorkload.setPhase(kubernetes, NS, "fo-changed", "Running");
        GenericKubernetesResource created = DemoWorkload.create(kubernetes, NS, "fo-created", 1);
        DemoWorkload.setPhase(kubernetes, NS, "fo-created", "Initializing");
        kubernetes.genericKubernetesResources(DemoWorkload.CONTEXT).inNamespace(NS).withName("fo-deleted").delete();

        List<String> survivors = REPLICAS.keySet().stream().filter(n -> !n.equals(first)).toList();
        String second = awaitSingleLeader(survivors);
        long leading = System.nanoTime();
        awaitState(uid(changed), AbstractState.RUNNING);
        awaitState(uid(created), AbstractState.INITIALIZING);
        awaitState(uid(doomed), AbstractState.DELETED);
        long published = System.nanoTime();
        long takeover = pipeline(second).path("data").path("lastTakeoverMillis").asLong(-1);
        System.out.printf("failover: kill -9 of %s: %s leads (pipeline RUNNING) %d ms after the kill (lease %s);"
                        + " its takeover (state store rebuilt + watches listed) took %d ms; the three changes made while"
                        + " nobody led were on the topic %d ms after the kill%n", first, second,
                millis(leading - killed), LEASE, takeover, millis(published - killed));

        // a graceful stop gives the Lease up: the last replica need not wait for it to expire
        String third = survivors.stream().filter(n -> !n.equals(second)).findFirst().orElseThrow();
        long stopped = System.nanoTime();
        REPLICAS.get(second).stop(Duration.ofSeconds(20));
        long exited = System.nanoTime();
        DemoWorkload.setPhase(kubernetes, NS, "fo-changed", "Completed");
        awaitSingleLeader(List.of(third));
        long leadingAgain = System.nanoTime();
        awaitState(uid(changed), AbstractState.COMPLETED);
        System.out.printf("failover: SIGTERM of %s (exited after %d ms): %s leads %d ms after the signal; its takeover"
                        + " took %d ms; the change made meanwhile was on the topic %d ms after the signal%n", second,
                millis(exited - stopped), third, millis(leadingAgain - stopped),
                pipeline(third).path("data").path("lastTakeoverMillis").asLong(-1), millis(System.nanoTime() - stopped));

        ServiceProcess.sleep(2000); // late duplicates would arrive now
        assertTransitions(uid(changed), AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.COMPLETED);
        assertTransitions(uid(created), AbstractState.INITIALIZING);
        assertTransitions(uid(doomed), AbstractState.INITIALIZING, AbstractState.DELETED);
        assertThat(STATUS.stream().filter(e -> e.getUid().equals(uid(changed))).map(WorkloadStatusEvent::getEventId)
                .distinct().count()).as("one record per transition of fo-changed").isEqualTo(
                        states(uid(changed)).size() + undefinedCount(uid(changed)));
    }

    // --- helpers ---

    private static GenericKubernetesResource initializing(String name) {
        GenericKubernetesResource run = DemoWorkload.create(kubernetes, NS, name, 1);
        DemoWorkload.setPhase(kubernetes, NS, name, "Initializing");
        awaitState(uid(run), AbstractState.INITIALIZING);
        return run;
    }

    /** Waits until exactly one of {@code among} leads with its pipeline RUNNING; returns its name. */
    private static String awaitSingleLeader(java.util.Collection<String> among) {
        List<String> leaders = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            leaders.clear();
            for (String name : among) {
                JsonNode data = pipeline(name).path("data");
                if (data.path("leadership").asText().startsWith("leader")
                        && data.path("phase").asText().equals("RUNNING")) {
                    leaders.add(name);
                }
            }
            return leaders.size() == 1;
        });
        return leaders.get(0);
    }

    private static JsonNode pipeline(String replica) {
        return Health.ready(REPLICAS.get(replica).url()).check("status-mapping pipeline");
    }

    private static String uid(GenericKubernetesResource run) {
        return run.getMetadata().getUid();
    }

    private static List<AbstractState> states(String uid) {
        return StatusHistory.states(STATUS, uid);
    }

    private static long undefinedCount(String uid) {
        return STATUS.stream().filter(e -> e.getUid().equals(uid) && e.getState() == AbstractState.UNDEFINED)
                .map(WorkloadStatusEvent::getEventId).distinct().count();
    }

    private static void awaitState(String uid, AbstractState state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> states(uid).contains(state));
    }

    /** Every transition once: the sequence by distinct eventId is exactly this. */
    private static void assertTransitions(String uid, AbstractState... expected) {
        assertThat(states(uid)).as("states of %s by eventId", uid).containsExactly(expected);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The demo's TrainingRun type, as the registry would publish it (this test runs no registry). */
    private static void registerTrainingRun(KafkaClients clients) throws Exception {
        String ri = new ObjectMapper().writeValueAsString(DemoWorkload.resourceInterface());
        WorkloadType type = WorkloadType.newBuilder()
                .setId(UUID.nameUUIDFromBytes(DemoWorkload.KIND.getBytes()).toString())
                .setName(DemoWorkload.KIND).setGroup(DemoWorkload.GROUP)
                .setCategoryId("train").setCategoryName("Train").setPriorityId("low").setPriorityName("low")
                .setPreemptibility(null).setBuiltin(false)
                .setVersions(List.of(new ResourceInterfaceVersion(DemoWorkload.VERSION, ri)))
                .build();
        WorkloadTypeEvent event = WorkloadTypeEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setChange(WorkloadTypeChange.CREATED).setRevision(1)
                .setName(DemoWorkload.KIND).setType(type).build();
        try (KafkaProducer<String, WorkloadTypeEvent> producer = clients.eventProducer("failover-types", Map.of())) {
            producer.send(new ProducerRecord<>(PREFIX + "workload-types", DemoWorkload.KIND, event))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
