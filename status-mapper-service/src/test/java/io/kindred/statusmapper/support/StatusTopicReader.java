package io.kindred.statusmapper.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.EventDatumProvider;

/**
 * Reads a topic from the beginning (status events decoded, or raw records for the dead-letter topic) and keeps
 * everything it has read, so tests can look at the full history of a key.
 */
public final class StatusTopicReader implements AutoCloseable {

    /** A raw record, its headers and its timestamp; a null value is a tombstone. */
    public record RawRecord(String key, byte[] value, Map<String, String> headers, long timestamp) {

        public boolean tombstone() {
            return value == null;
        }
    }

    private final TopicFromBeginning records;
    private final AvroKafkaDeserializer<WorkloadStatusEvent> deserializer = new AvroKafkaDeserializer<>();
    private final String topic;
    private final Map<String, List<WorkloadStatusEvent>> byKey = new HashMap<>();
    private final List<RawRecord> raw = new ArrayList<>();

    public StatusTopicReader(String topic) {
        this.topic = topic;
        Map<String, Object> serde = new HashMap<>();
        serde.put(SchemaResolverConfig.REGISTRY_URL, TestTopics.registryUrl());
        serde.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        deserializer.configure(serde, false);
        records = new TopicFromBeginning(topic);
    }

    public static StatusTopicReader statusEvents() {
        return new StatusTopicReader(TestTopics.WORKLOAD_STATUS);
    }

    /** Reads everything up to the end of every partition as it is at this call. */
    public synchronized StatusTopicReader readToEnd() {
        for (ConsumerRecord<String, byte[]> record : records.readToEnd()) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value()));
            }
            raw.add(new RawRecord(record.key(), record.value(), headers, record.timestamp()));
            if (topic.equals(TestTopics.WORKLOAD_STATUS) && record.value() != null) {
                WorkloadStatusEvent event = deserializer.deserialize(topic, record.headers(), record.value());
                byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event);
            }
        }
        return this;
    }

    /** Every event of that UID read so far, in topic order. */
    public synchronized List<WorkloadStatusEvent> eventsOf(String uid) {
        return List.copyOf(byKey.getOrDefault(uid, List.of()));
    }

    public synchronized List<RawRecord> rawRecords() {
        return List.copyOf(raw);
    }

    @Override
    public void close() {
        records.close();
        deserializer.close();
    }
}
