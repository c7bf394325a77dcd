package io.kindred.devstack.kafka;

import io.kindred.devstack.backend.BackendSource;

/** A cluster named by KAFKA_BOOTSTRAP_SERVERS: used as is, never stopped. */
public record ExternalKafka(String bootstrapServers) implements KafkaBackend {

    @Override
    public BackendSource source() {
        return BackendSource.EXTERNAL;
    }

    @Override
    public String description() {
        return "Kafka at " + bootstrapServers + " (from KAFKA_BOOTSTRAP_SERVERS)";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
