package io.kindred.registry;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.events.Topics;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the workload-types topic from the beginning the way a consumer service does: Apicurio's Avro deserializer
 * against the schema registry (the writer schema is fetched from the registry by the id in each record), tombstones
 * as null values. The consumer is the Kafka test companion's (a fresh group, from the earliest offset, polling in the
 * background); this class only turns its records into {@link WorkloadTypeEvent}s.
 *
 * <p>The deserializer is asked for generic records, which this reader then reads into {@link WorkloadTypeEvent} with
 * the test's own class loader. The deserializer's specific mode finds record classes through Avro's JVM-wide
 * {@code SpecificData.get()}, which under a Quarkus test resolves them from the class path's copy of the schemas
 * module rather than the application's, and the two are different classes there (in a packaged service they are one).
 */
final class TopicReader implements AutoCloseable {

    record Event(String key, WorkloadTypeEvent value, int partition, long offset) {
    }

    private static final SpecificData MODEL = model();

    private final KafkaCompanion companion;
    private final ConsumerTask<String, GenericRecord> records;

    TopicReader() {
        Config config = ConfigProvider.getConfig();
        companion = new KafkaCompanion(config.getValue("kafka.bootstrap.servers", String.class));
        AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
        values.configure(Map.of("apicurio.registry.url", config.getValue("apicurio.registry.url", String.class),
                "apicurio.registry.use-specific-avro-reader", false), false);
        records = companion.consumeWithDeserializers(new StringDeserializer(), values)
                .fromTopics(config.getOptionalValue("kindred.outbox.topic", String.class).orElse(Topics.WORKLOAD_TYPES));
    }

    /** Waits until the events read so far satisfy the condition, or fails after the timeout naming what was read. */
    List<Event> readUntil(Predicate<List<Event>> done, Duration timeout) {
        try {
            return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(this::events, done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Timed out after " + timeout + " waiting for events; read " + events().size() + ": "
                    + events().stream().map(TopicReader::describe).toList());
        }
    }

    private List<Event> events() {
        return records.getRecords().stream()
                .map(record -> new Event(record.key(), specific(record.value()), record.partition(), record.offset()))
                .toList();
    }

    /** The events (and tombstones) of one key, in topic order. */
    static List<Event> of(List<Event> events, String key) {
        return events.stream().filter(e -> key.equals(e.key())).toList();
    }

    static Predicate<List<Event>> hasAtLeast(String key, int count) {
        return events -> of(events, key).size() >= count;
    }

    static Map<String, Object> describe(Event event) {
        return event.value() == null ? Map.of("key", event.key(), "tombstone", true)
                : Map.of("key", event.key(), "change", event.value().getChange().name(), "revision", event.value().getRevision());
    }

    /** Re-reads a generic record (in its writer schema) as the specific class, resolving the schemas as Avro does. */
    private static WorkloadTypeEvent specific(GenericRecord record) {
        if (record == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            SpecificDatumReader<WorkloadTypeEvent> reader = new SpecificDatumReader<>(record.getSchema(),
                    WorkloadTypeEvent.getClassSchema(), MODEL);
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SpecificData model() {
        SpecificData model = new SpecificData(WorkloadTypeEvent.class.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    @Override
    public void close() {
        records.close();
        companion.close();
    }
}
