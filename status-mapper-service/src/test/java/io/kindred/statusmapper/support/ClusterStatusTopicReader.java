package io.kindred.statusmapper.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.Topics;
import io.kindred.kafka.KafkaClients;

/** Reads {@code cluster-type-status} from the beginning and keeps every record in topic order (null = tombstone). */
public final class ClusterStatusTopicReader implements AutoCloseable {

    /** One record; {@code event} is null for a tombstone. */
    public record Report(String key, ClusterTypeStatusEvent event) {
    }

    private final TopicFromBeginning records = new TopicFromBeginning(Topics.CLUSTER_TYPE_STATUS);
    private final Deserializer<ClusterTypeStatusEvent> deserializer;
    private final List<Report> reports = new ArrayList<>();

    public ClusterStatusTopicReader() {
        deserializer = new KafkaClients(Map.of("bootstrap.servers", TestTopics.bootstrapServers()),
                TestTopics.registryUrl(), "cluster-status-test").avroDeserializer();
    }

    /** Reads up to the end of every partition as it is at this call; returns every record of {@code key}, in order. */
    public synchronized List<Report> of(String key) {
        for (ConsumerRecord<String, byte[]> record : records.readToEnd()) {
            reports.add(new Report(record.key(), record.value() == null ? null
                    : deserializer.deserialize(record.topic(), record.headers(), record.value())));
        }
        return reports.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The latest record of the key, if any (a tombstone gives a Report with a null event). */
    public Optional<Report> latest(String key) {
        List<Report> all = of(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public void close() {
        records.close();
        deserializer.close();
    }
}
