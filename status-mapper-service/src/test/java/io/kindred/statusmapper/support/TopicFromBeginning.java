package io.kindred.statusmapper.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * One topic read from its beginning by a Kafka test companion consumer (no group, every partition) that polls in the
 * background, handed out by {@link #readToEnd()}. Tests assert "nothing more was published" with it, so a call hands
 * out exactly the records below the end offsets it looked up: none it could still be missing, none that came later.
 */
final class TopicFromBeginning implements AutoCloseable {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaCompanion companion;
    private final Map<TopicPartition, Long> beginning;
    private final ConsumerTask<String, byte[]> task;
    /** Per partition, the offset below which every record has been handed out. */
    private final Map<TopicPartition, Long> handedOut = new HashMap<>();
    /** Every record the task read before this index has been handed out. */
    private int firstPending;

    TopicFromBeginning(String topic) {
        this.topic = topic;
        companion = new KafkaCompanion(TestTopics.bootstrapServers(), KAFKA_TIMEOUT);
        List<TopicPartition> partitions = companion.topics().waitForTopic(topic).await().atMost(Await.PATIENCE)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        beginning = offsets(partitions, OffsetSpec.earliest());
        task = companion.consumeWithDeserializers(new StringDeserializer(), new ByteArrayDeserializer())
                .fromOffsets(beginning);
    }

    /** The records not handed out yet that lie below the partitions' end offsets as they are now, in read order. */
    synchronized List<ConsumerRecord<String, byte[]>> readToEnd() {
        Map<TopicPartition, Long> end = offsets(beginning.keySet(), OffsetSpec.latest());
        awaitRead(end);
        List<ConsumerRecord<String, byte[]>> read = task.getRecords();
        int size = read.size();
        List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
        for (int i = firstPending; i < size; i++) {
            ConsumerRecord<String, byte[]> record = read.get(i);
            TopicPartition partition = partition(record);
            if (record.offset() >= handedOut.getOrDefault(partition, 0L) && record.offset() < end.get(partition)) {
                fresh.add(record);
            }
        }
        end.forEach((partition, offset) -> handedOut.merge(partition, offset, Math::max));
        while (firstPending < size && read.get(firstPending).offset() < handedOut.get(partition(read.get(firstPending)))) {
            firstPending++;
        }
        return fresh;
    }

    private void awaitRead(Map<TopicPartition, Long> end) {
        try {
            await().atMost(Await.PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .pollInSameThread().until(() -> hasRead(end));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Did not read " + topic + " up to the end offsets " + end + " within "
                    + Await.PATIENCE + "; the last offsets read are " + task.latestOffsets(), e);
        }
    }

    /**
     * By the offset of the last record read rather than the consumer's position: no producer of these topics is
     * transactional, so the offset before an end offset holds a record (compaction never removes a partition's last).
     */
    private boolean hasRead(Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> last = task.latestOffsets();
        return end.entrySet().stream().allMatch(e -> e.getValue() <= beginning.get(e.getKey())
                || last.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        return companion.offsets().list(request).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    @Override
    public void close() {
        task.close();
        companion.close();
    }
}
