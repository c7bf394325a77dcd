package io.kindred.statusmapper.clusterstatus;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.kafka.KafkaClients;

/**
 * Publishes cluster status reports to {@code cluster-type-status} with its own idempotent producer (kafka-events'
 * {@code eventProducer}), so a slow or unreachable broker blocks only the reporter's thread, never status mapping.
 */
public final class KafkaClusterStatusPublisher implements ClusterStatusSink {

    private final KafkaProducer<String, ClusterTypeStatusEvent> producer;
    private final String topic;

    public KafkaClusterStatusPublisher(KafkaClients clients, String topic) {
        // Reports are tiny and rare; a short max.block keeps the reporter responsive during a broker outage (the next
        // heartbeat publishes everything again).
        this.producer = clients.eventProducer("cluster-status", Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
        this.topic = topic;
    }

    @Override
    public void send(String key, ClusterTypeStatusEvent event, Outcome outcome) {
        try {
            producer.send(new ProducerRecord<>(topic, key, event), (metadata, error) -> outcome.done(error));
        } catch (RuntimeException e) {
            outcome.done(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
