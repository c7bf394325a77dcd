package io.kindred.statusmapper.publish;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.KafkaClients;

/**
 * Publishes status events to the {@code workload-status} topic (key = UID) with an idempotent, acks=all producer.
 * One producer for the whole service: Kafka keeps the order of records of one key from one producer, which is the
 * ordering guarantee the topic promises.
 */
public final class KafkaStatusPublisher implements StatusEventSink, AutoCloseable {

    private final KafkaProducer<String, WorkloadStatusEvent> producer;
    private final String topic;

    public KafkaStatusPublisher(KafkaClients clients, String topic, Duration linger) {
        this.producer = clients.eventProducer("status", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        this.topic = topic;
    }

    @Override
    public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
        send(new ProducerRecord<>(topic, uid, event), outcome);
    }

    @Override
    public void sendTombstone(String uid, Outcome outcome) {
        send(new ProducerRecord<>(topic, uid, null), outcome);
    }

    private void send(ProducerRecord<String, WorkloadStatusEvent> record, Outcome outcome) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    outcome.published();
                } else {
                    outcome.failed(error);
                }
            });
        } catch (RuntimeException e) {
            // Serialisation or registry failures are thrown by send() itself rather than reported to the callback.
            outcome.failed(e);
        }
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * Closes at once, failing every record not yet sent: what a replica that lost its leadership does, so that records
     * it still holds (e.g. retried through a Kafka outage) do not reach the topic after the new leader's.
     */
    public void abort() {
        producer.close(Duration.ZERO);
    }
}
