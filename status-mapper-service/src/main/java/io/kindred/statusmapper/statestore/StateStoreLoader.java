package io.kindred.statusmapper.statestore;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TransientFailures;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;

/**
 * Rebuilds "last published state per UID" from the compacted {@code workload-status} topic, which is the service's
 * state store: reads every partition from the beginning up to the end offsets taken when it starts, keeps the last
 * record of each UID of this cluster, and hands it to the mapping memory and to {@link RestoredWorkloads}.
 * Must complete before any informer starts, or a restart would publish duplicates.
 */
public final class StateStoreLoader {

    private static final Logger LOG = Logger.getLogger(StateStoreLoader.class);

    /** What the rebuild found. */
    public record Result(long recordsRead, int workloadsRestored, long undecodable, long otherClusters, Duration took) {
    }

    private final KafkaClients clients;
    private final String topic;
    private final String clusterId;

    public StateStoreLoader(KafkaClients clients, String topic, String clusterId) {
        this.clients = clients;
        this.topic = topic;
        this.clusterId = clusterId;
    }

    /**
     * @param stopped polled between batches so a shutdown does not wait for a long rebuild
     */
    public Result rebuild(WorkloadStatusMapper mapper, RestoredWorkloads restored, BooleanSupplier stopped) {
        long started = System.nanoTime();
        long read = 0;
        long undecodable = 0;
        long otherClusters = 0;
        Deserializer<WorkloadStatusEvent> deserializer = clients.avroDeserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("state-store")) {
            Set<TopicPartition> assigned = CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(30));
            if (assigned.isEmpty()) {
                LOG.infof("State store topic %s does not exist yet: starting with no published state", topic);
                return new Result(0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - started));
            }
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, assigned, Duration.ofSeconds(30));
            while (!CompactedTopics.reached(consumer, end)) {
                if (stopped.getAsBoolean()) {
                    throw new IllegalStateException("State store rebuild interrupted by shutdown");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() >= end.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                        continue; // published after the rebuild started: the informers will see that change themselves
                    }
                    read++;
                    String uid = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        if (uid != null) {
                            restoreOne(uid, null, mapper, restored);
                        }
                        continue;
                    }
                    WorkloadStatusEvent event;
                    try {
                        event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    } catch (RuntimeException e) {
                        if (TransientFailures.isTransient(e)) {
                            // Skipping would forget a published state; fail the start and let it be retried.
                            throw new IllegalStateException("Cannot decode state store record " + record.topic() + "-"
                                    + record.partition() + "@" + record.offset() + " now (schema registry unavailable?)", e);
                        }
                        undecodable++;
                        LOG.warnf("State store record %s-%d@%d (key %s) cannot be decoded, skipped: %s", record.topic(),
                                record.partition(), record.offset(), uid, e.getMessage());
                        continue;
                    }
                    if (!clusterId.equals(event.getClusterId())) {
                        otherClusters++;
                        continue;
                    }
                    // The record's timestamp is when it went out (producer time); a record without one counts from its event.
                    restoreOne(uid, event, record.timestamp() < 0 ? event.getObservedAt()
                            : java.time.Instant.ofEpochMilli(record.timestamp()), mapper, restored);
                }
            }
        } finally {
            deserializer.close();
        }
        Result result = new Result(read, mapper.tracker().size(), undecodable, otherClusters,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.infof("State store rebuilt from %s: %d records read, %d workloads of cluster %s restored, %d undecodable,"
                        + " %d of other clusters, in %d ms", topic, result.recordsRead(), result.workloadsRestored(),
                clusterId, result.undecodable(), result.otherClusters(), result.took().toMillis());
        return result;
    }

    /**
     * Applies one record of this cluster, or a tombstone ({@code event} null). A tombstone means nothing is left of
     * that UID in any cluster: an earlier record of it must not survive the rebuild, or the reconciliation would
     * compare the object against a state the topic no longer holds and publish nothing for it.
     */
    static void restoreOne(String uid, WorkloadStatusEvent event, WorkloadStatusMapper mapper,
                           RestoredWorkloads restored) {
        restoreOne(uid, event, event == null ? null : event.getObservedAt(), mapper, restored);
    }

    /**
     * As above, for a record written at {@code writtenAt}: a DELETED record whose UID has no tombstone yet gets one
     * {@code kindred.publish.tombstone-grace} after it was written (at once when that time has passed).
     */
    static void restoreOne(String uid, WorkloadStatusEvent event, java.time.Instant writtenAt,
                           WorkloadStatusMapper mapper, RestoredWorkloads restored) {
        if (event == null) {
            mapper.tracker().forget(uid);
            restored.remove(uid);
            if (mapper.tombstones() != null) {
                mapper.tombstones().forget(uid);
            }
            return;
        }
        mapper.restore(event, writtenAt);
        if (event.getState() == AbstractState.DELETED) {
            restored.remove(uid);
        } else {
            restored.put(event);
        }
    }
}
