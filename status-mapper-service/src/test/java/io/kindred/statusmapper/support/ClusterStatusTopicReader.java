package io.kindred.statusmapper.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.Topics;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.KafkaClients;

/** Reads {@code cluster-type-status} from the beginning and keeps every record in topic order (null = tombstone). */
public final class ClusterStatusTopicReader implements AutoCloseable {

    /** One record; {@code event} is null for a tombstone. */
    public record Report(String key, ClusterTypeStatusEvent event) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<ClusterTypeStatusEvent> deserializer;
    private final List<Report> reports = new ArrayList<>();

    public ClusterStatusTopicReader() {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", TestTopics.bootstrapServers()),
                TestTopics.registryUrl(), "cluster-status-test");
        consumer = clients.rawConsumer("reader");
        deserializer = clients.avroDeserializer();
        CompactedTopics.assignFromBeginning(consumer,
                CompactedTopics.partitions(consumer, Topics.CLUSTER_TYPE_STATUS, Duration.ofSeconds(30)), Duration.ofSeconds(30));
    }

    /** Reads what arrived since the last call; returns every record of {@code key} so far, in order. */
    public synchronized List<Report> of(String key) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (!CompactedTopics.reached(consumer, end)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String recordKey = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                reports.add(new Report(recordKey, record.value() == null ? null
                        : deserializer.deserialize(record.topic(), record.headers(), record.value())));
            }
        }
        return reports.stream().filter(r -> r.key().equals(key)).toList();
    }

    /** The latest record of the key, if any (a tombstone gives a Report with a null event). */
    public Optional<Report> latest(String key) {
        List<Report> all = of(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public void close() {
        consumer.close();
        deserializer.close();
    }
}
