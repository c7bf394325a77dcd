package io.kindred.scheduleradapter.directives;

import static io.kindred.scheduleradapter.support.AdapterTestKit.scale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.scheduleradapter.AdapterConfig;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An adapter that stops mid-stream and a new one that takes over, as after a crash or a rolling restart: the new
 * instance starts with nothing in memory and, as a member of the same consumer group, gets again every record the
 * first applied but had not committed. Each instance is a fresh {@link AdapterRuntime} (its own type table, caches,
 * PodGroup writer) against the devstack's Kafka and mock Kubernetes API, fed from a topic of its own with the
 * consumer-group contract of {@code StatusEventsConsumer}: act on a record once the runtime is ready, commit after.
 * The application's own consumer is not involved (it does not read this topic).
 * <p>
 * What must hold: no workload gets a second group, a redelivered event whose gang is already in the cluster writes
 * nothing, and every workload that ended while the first instance was down, or whose end was among the redelivered
 * records, has no group left.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class AdapterRestartTest {

    private static final String TOPIC = "workload-status.restart-test";
    private static final String NS = "restart";

    @Inject
    AdapterConfig config;

    @Inject
    KubernetesClient kubernetes;

    @BeforeAll
    static void setUp() throws Exception {
        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        AdapterTestKit.register("PyTorchJob");
        try (Admin admin = AdapterTestKit.kafka().admin("restart-test", Map.of())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
    }

    @Test
    void aNewInstanceTakesOverMidStreamWithoutDuplicateGroupsOrMissedReleases() throws Exception {
        String group = "restart-test-" + UUID.randomUUID();
        String w1 = UUID.randomUUID().toString();
        String w2 = UUID.randomUUID().toString();
        String w3 = UUID.randomUUID().toString();
        String w4 = UUID.randomUUID().toString();
        String w5 = UUID.randomUUID().toString();

        AdapterRuntime first = new AdapterRuntime(config, AdapterTestKit.kafka(), kubernetes);
        first.start();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
            send(w1, AbstractState.INITIALIZING, 3);
            send(w2, AbstractState.INITIALIZING, 3);
            send(w3, AbstractState.INITIALIZING, 3);
            send(w4, AbstractState.INITIALIZING, 3);
            send(w4, AbstractState.COMPLETED, 3);
            assertThat(drain(first, consumer, true)).isEqualTo(5);
            assertThat(groupsOf(w1)).hasSize(1);
            assertThat(groupsOf(w4)).isEmpty();

            // applied, never committed: the instance stops before it commits these
            send(w2, AbstractState.RUNNING, 4);
            send(w1, AbstractState.RUNNING, 3);
            send(w3, AbstractState.RUNNING, 3);
            assertThat(drain(first, consumer, false)).isEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> workers(w2) == 4);
        } finally {
            first.close();
        }

        // while no instance runs
        send(w3, AbstractState.COMPLETED, 3);
        send(w5, AbstractState.INITIALIZING, 3);
        send(w1, AbstractState.DELETED, 3);
        send(w2, AbstractState.DEGRADED, 4);

        AdapterRuntime second = new AdapterRuntime(config, AdapterTestKit.kafka(), kubernetes);
        second.start();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
            assertThat(drain(second, consumer, true)).as("the 3 uncommitted records again, then the 4 new ones")
                    .isEqualTo(7);
            assertThat(second.writer().applies()).as("only w5's group is new; redelivered gangs are in the cluster")
                    .isEqualTo(1);
        } finally {
            second.close();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(groupsOf(w1)).as("deleted while no instance ran").isEmpty();
            assertThat(groupsOf(w3)).as("completed while no instance ran").isEmpty();
            assertThat(groupsOf(w4)).isEmpty();
            assertThat(groupsOf(w2)).as("one group, never a second").hasSize(1);
            assertThat(groupsOf(w5)).hasSize(1);
        });
        assertThat(workers(w2)).as("the scale change applied before the stop is kept").isEqualTo(4);
        assertThat(kubernetes.genericKubernetesResources(AdapterTestKit.context("scheduling.run.ai", "v2alpha2",
                "PodGroup", "podgroups")).inNamespace(NS).list().getItems())
                .extracting(g -> g.getMetadata().getName())
                .containsExactlyInAnyOrder("kindred-" + w2 + "-job", "kindred-" + w5 + "-job");
    }

    /** Acts on every record up to the end of the topic as StatusEventsConsumer does; commits only if asked. */
    private static int drain(AdapterRuntime runtime, KafkaConsumer<byte[], byte[]> consumer, boolean commit)
            throws InterruptedException {
        assertThat(runtime.awaitStatusReady(Duration.ofSeconds(60))).isTrue();
        Deserializer<WorkloadStatusEvent> decode = AdapterTestKit.kafka().avroDeserializer();
        int handled = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                runtime.director().onStatus(decode.deserialize(record.topic(), record.headers(), record.value()));
                handled++;
            }
            Set<TopicPartition> assigned = consumer.assignment();
            if (!assigned.isEmpty() && consumer.endOffsets(assigned).entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                break;
            }
        }
        if (commit) {
            consumer.commitSync();
        }
        return handled;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    private static void send(String uid, AbstractState state, int workers) {
        WorkloadStatusEvent event = WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setObservedAt(Instant.now()).setClusterId("test-cluster")
                .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob").setNamespace(NS)
                .setName("job-" + uid.substring(0, 8)).setUid(uid).setWorkloadType(new WorkloadTypeRef("PyTorchJob", 1L))
                .setState(state).setComponents(List.of(scale("pytorchjob", null, null), scale("master", 1, null),
                        scale("worker", workers, null))).setController(null).build();
        try (KafkaProducer<String, WorkloadStatusEvent> producer = AdapterTestKit.kafka().eventProducer("restart-test",
                Map.of())) {
            producer.send(new ProducerRecord<>(TOPIC, uid, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<GenericKubernetesResource> groupsOf(String uid) {
        return kubernetes.genericKubernetesResources(AdapterTestKit.context("scheduling.run.ai", "v2alpha2", "PodGroup",
                "podgroups")).inNamespace(NS).withLabel(Backend.WORKLOAD_UID_LABEL, uid).list().getItems();
    }

    @SuppressWarnings("unchecked")
    private int workers(String uid) {
        List<GenericKubernetesResource> groups = groupsOf(uid);
        if (groups.size() != 1) {
            return -1;
        }
        Map<String, Object> spec = (Map<String, Object>) groups.get(0).getAdditionalProperties().get("spec");
        for (Map<String, Object> sub : (List<Map<String, Object>>) spec.get("subGroups")) {
            if ("worker".equals(sub.get("name"))) {
                return ((Number) sub.get("minMember")).intValue();
            }
        }
        return -1;
    }
}
