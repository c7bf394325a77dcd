package io.kindred.statusmapper.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

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

    /** A raw record and its headers. */
    public record RawRecord(String key, byte[] value, Map<String, String> headers) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroKafkaDeserializer<WorkloadStatusEvent> deserializer = new AvroKafkaDeserializer<>();
    private final String topic;
    private final Map<String, List<WorkloadStatusEvent>> byKey = new HashMap<>();
    private final List<RawRecord> raw = new ArrayList<>();

    public StatusTopicReader(String topic) {
        this.topic = topic;
        Properties config = new Properties();
        config.put("bootstrap.servers", TestTopics.bootstrapServers());
        config.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> serde = new HashMap<>();
        serde.put(SchemaResolverConfig.REGISTRY_URL, TestTopics.registryUrl());
        serde.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        deserializer.configure(serde, false);
        Set<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public static StatusTopicReader statusEvents() {
        return new StatusTopicReader(TestTopics.WORKLOAD_STATUS);
    }

    /** Reads everything up to the current end of every partition. */
    public synchronized StatusTopicReader readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), header.value() == null ? null : new String(header.value()));
                }
                raw.add(new RawRecord(record.key(), record.value(), headers));
                if (topic.equals(TestTopics.WORKLOAD_STATUS) && record.value() != null) {
                    WorkloadStatusEvent event = deserializer.deserialize(topic, record.headers(), record.value());
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event);
                }
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
        consumer.close();
        deserializer.close();
    }
}
