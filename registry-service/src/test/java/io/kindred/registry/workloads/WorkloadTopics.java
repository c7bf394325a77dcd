package io.kindred.registry.workloads;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test's side of the workload topics, as the other services would be: reads the submissions the registry
 * publishes, and publishes sync results (a scheduler-adapter) and states (the status mapper). Records travel as
 * generic records through Apicurio's serde, so the test's copy of the event classes never meets the application's.
 * The clients are the Kafka test companion's; its consumer (a fresh group, from the earliest offset) polls in the
 * background.
 */
final class WorkloadTopics implements AutoCloseable {

    private final KafkaCompanion companion;
    private final String registry;
    private final ConsumerTask<String, GenericRecord> submissions;

    WorkloadTopics() {
        Config config = ConfigProvider.getConfig();
        companion = new KafkaCompanion(config.getValue("kafka.bootstrap.servers", String.class));
        registry = config.getValue("apicurio.registry.url", String.class);
        AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
        values.configure(Map.of("apicurio.registry.url", registry, "apicurio.registry.use-specific-avro-reader", false), false);
        submissions = companion.consumeWithDeserializers(new StringDeserializer(), values).fromTopics("workload-submissions");
    }

    /** The submissions of one workload read so far, waiting until there are at least {@code count}. */
    List<GenericRecord> submissionsOf(String workloadId, int count, Duration timeout) {
        try {
            return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> submissionsOf(workloadId), mine -> mine.size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Timed out waiting for " + count + " submissions of " + workloadId + "; got "
                    + submissionsOf(workloadId));
        }
    }

    private List<GenericRecord> submissionsOf(String workloadId) {
        return submissions.getRecords().stream().filter(r -> workloadId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    /** Every submission read by the end of {@code wait} from now. */
    List<ConsumerRecord<String, GenericRecord>> drain(Duration wait) {
        KafkaCompanion.sleep(wait);
        return List.copyOf(submissions.getRecords());
    }

    void send(String topic, String key, SpecificRecord event) {
        AvroKafkaSerializer<GenericRecord> values = new AvroKafkaSerializer<>();
        values.configure(Map.of("apicurio.registry.url", registry, "apicurio.registry.auto-register", true), false);
        try {
            companion.produceWithSerializers(new StringSerializer(), values)
                    .fromRecords(KafkaCompanion.record(topic, key, generic(event)))
                    .awaitCompletion(Duration.ofSeconds(10));
        } catch (AssertionError e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    private static GenericRecord generic(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(record.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        submissions.close();
        companion.close();
    }
}
