package io.kindred.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reading a compacted topic as a table, from the beginning and without a consumer group (every instance reads all of
 * it): find every partition, assign them all, seek to the beginning, and know when the records present at the start
 * have all been read.
 *
 * <pre>{@code
 * Set<TopicPartition> partitions = CompactedTopics.partitions(consumer, topic, timeout);
 * Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, timeout);
 * while (!CompactedTopics.reached(consumer, end)) { consumer.poll(...) ... }
 * }</pre>
 */
public final class CompactedTopics {

    private CompactedTopics() {
    }

    /** Every partition of the topic; empty when the topic does not exist (yet). */
    public static Set<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null) {
            return Set.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    }

    /**
     * Assigns the partitions to the consumer, positions it at their beginning and returns their end offsets as of now:
     * once {@link #reached} them, the consumer has seen every record the topic held at this moment.
     */
    public static Map<TopicPartition, Long> assignFromBeginning(Consumer<?, ?> consumer, Set<TopicPartition> partitions,
                                                                Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions, timeout);
    }

    /** True when {@code consumer} has read every partition in {@code end} up to its offset there. */
    public static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
