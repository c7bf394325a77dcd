package io.kindred.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Copies a record that cannot be applied to the dead-letter topic, byte for byte with its original headers, and adds
 * why and where it came from in the headers SmallRye Reactive Messaging uses for its dead-letter queues, so the
 * usual tooling reads them.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String deadLetterTopic;

    public DeadLetterPublisher(KafkaProducer<byte[], byte[]> producer, String deadLetterTopic) {
        this.producer = producer;
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * Sends the record and waits for the acknowledgement, so the input is never read past a record whose dead letter
     * was not written.
     */
    public void send(ConsumerRecord<byte[], byte[]> failed, String reason, Throwable cause) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, null, failed.key(), failed.value());
        for (Header header : failed.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        if (cause != null) {
            letter.headers().add(CAUSE, String.valueOf(cause).getBytes(StandardCharsets.UTF_8));
        }
        letter.headers().add(TOPIC, failed.topic().getBytes(StandardCharsets.UTF_8));
        letter.headers().add(PARTITION, Integer.toString(failed.partition()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add(OFFSET, Long.toString(failed.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(letter).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write the dead letter of " + failed.topic() + "-" + failed.partition()
                    + "@" + failed.offset() + " to " + deadLetterTopic, e);
        }
        LOG.warnf("Record %s-%d@%d sent to dead-letter topic %s: %s", failed.topic(), failed.partition(), failed.offset(),
                deadLetterTopic, reason);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
