package io.kindred.registry.workloads;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test's side of the workload topics, as the other services would be: reads the submissions the registry
 * publishes, and publishes sync results (a scheduler-adapter) and states (the status mapper). Records travel as
 * generic records through Apicurio's serde, so the test's copy of the event classes never meets the application's.
 */
final class WorkloadTopics implements AutoCloseable {

    private final KafkaConsumer<String, GenericRecord> submissions;
    private final KafkaProducer<String, GenericRecord> producer;
    private final List<ConsumerRecord<String, GenericRecord>> read = new ArrayList<>();

    WorkloadTopics() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String registry = ConfigProvider.getConfig().getValue("apicurio.registry.url", String.class);
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-workloads-test-" + UUID.randomUUID());
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        consumer.put("apicurio.registry.url", registry);
        consumer.put("apicurio.registry.use-specific-avro-reader", false);
        submissions = new KafkaConsumer<>(consumer);
        submissions.subscribe(List.of("workload-submissions"));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        producerProps.put("apicurio.registry.url", registry);
        producerProps.put("apicurio.registry.auto-register", true);
        producer = new KafkaProducer<>(producerProps);
    }

    /** The submissions of one workload read so far, waiting until there are at least {@code count}. */
    List<GenericRecord> submissionsOf(String workloadId, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<GenericRecord> mine = read.stream().filter(r -> workloadId.equals(r.key())).map(ConsumerRecord::value).toList();
            if (mine.size() >= count) {
                return mine;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + count + " submissions of " + workloadId + "; got " + mine);
            }
            submissions.poll(Duration.ofMillis(200)).forEach(read::add);
        }
    }

    /** Every submission read so far (without waiting). */
    List<ConsumerRecord<String, GenericRecord>> drain(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            submissions.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        return List.copyOf(read);
    }

    void send(String topic, String key, SpecificRecord event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, generic(event))).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
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
        submissions.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(2));
    }
}
