package io.kindred.registry;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.Topics;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import io.kindred.kafka.KafkaClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes cluster-type-status records as a status mapper would (reports and tombstones). */
final class ClusterReportsOnKafka {

    static final Instant SINCE = Instant.parse("2026-12-01T08:00:00Z");

    private ClusterReportsOnKafka() {
    }

    static VersionWatch watching(String version, boolean lead) {
        return VersionWatch.newBuilder().setVersion(version).setState(WatchPhase.WATCHING).setSince(SINCE)
                .setLead(lead).build();
    }

    static VersionWatch notInstalled(String version, String error) {
        return VersionWatch.newBuilder().setVersion(version).setState(WatchPhase.KIND_NOT_INSTALLED).setSince(SINCE)
                .setError(error).build();
    }

    static ClusterTypeStatusEvent report(String clusterId, String type, Instant observedAt, VersionWatch... versions) {
        return ClusterTypeStatusEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setObservedAt(observedAt)
                .setClusterId(clusterId).setTypeName(type).setGroup(TestApi.TEST_GROUP).setTypeRevision(1)
                .setVersions(List.of(versions)).build();
    }

    /** Sends the report (or, with {@code report == null}, a tombstone for the key) and waits for the broker. */
    static void send(KafkaClients kafka, String clusterId, String type, ClusterTypeStatusEvent report) {
        try (KafkaProducer<String, ClusterTypeStatusEvent> producer = kafka.eventProducer("test-cluster-reports", Map.of())) {
            producer.send(new ProducerRecord<>(Topics.CLUSTER_TYPE_STATUS, clusterId + "/" + type, report))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the cluster report of " + clusterId + "/" + type, e);
        }
    }
}
