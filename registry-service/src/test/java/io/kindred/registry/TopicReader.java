package io.kindred.registry;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.kindred.events.WorkloadTypeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the workload-types topic from the beginning the way a consumer service does: Apicurio's Avro deserializer
 * against the schema registry (the writer schema is fetched from the registry by the id in each record), tombstones
 * as null values.
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

    private final KafkaConsumer<String, GenericRecord> consumer;
    private final List<Event> events = new ArrayList<>();

    TopicReader() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        props.put("apicurio.registry.url", ConfigProvider.getConfig().getValue("apicurio.registry.url", String.class));
        props.put("apicurio.registry.use-specific-avro-reader", false);
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(ConfigProvider.getConfig().getOptionalValue("kindred.outbox.topic", String.class)
                .orElse("workload-types")));
    }

    /** Polls until the events read so far satisfy the condition, or fails after the timeout. */
    List<Event> readUntil(Predicate<List<Event>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(events)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for events; read " + events.size() + ": "
                        + events.stream().map(TopicReader::describe).toList());
            }
            for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(200))) {
                events.add(new Event(record.key(), specific(record.value()), record.partition(), record.offset()));
            }
        }
        return List.copyOf(events);
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
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
