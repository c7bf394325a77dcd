package io.kindred.devstack.kafka;

import java.util.Map;
import java.util.Properties;

import io.kindred.devstack.backend.Backend;

/** A Kafka cluster the devstack provides. */
public interface KafkaBackend extends Backend {

    String QUARKUS_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** {@code host:port[,host:port]} for the clients' bootstrap.servers. */
    String bootstrapServers();

    /** Whether {@link #stopBroker()} and {@link #startBroker()} are available (the in-process broker and containers). */
    default boolean supportsBrokerRestart() {
        return false;
    }

    /**
     * Takes the broker down, keeping its data and its address, so tests can watch a service ride out a Kafka outage.
     * Idempotent.
     *
     * @throws UnsupportedOperationException for a cluster the devstack did not start
     */
    default void stopBroker() {
        throw new UnsupportedOperationException("Kafka at " + bootstrapServers() + " (" + source()
                + ") was not started by the devstack, so it cannot be stopped by it");
    }

    /** Brings the broker back on the same address with the data it had; returns once it serves requests. Idempotent. */
    default void startBroker() {
        throw new UnsupportedOperationException("Kafka at " + bootstrapServers() + " (" + source()
                + ") was not started by the devstack, so it cannot be started by it");
    }

    /** Creates a topic unless it exists (auto-creation also works; this fixes the partition count up front). */
    default void createTopic(String name, int partitions) {
        KafkaTopics.create(bootstrapServers(), name, partitions, Map.of());
    }

    /** Creates a log-compacted topic (cleanup.policy=compact) unless it exists. */
    default void createCompactedTopic(String name) {
        createCompactedTopic(name, 1);
    }

    default void createCompactedTopic(String name, int partitions) {
        KafkaTopics.create(bootstrapServers(), name, partitions, Map.of("cleanup.policy", "compact"));
    }

    /** bootstrap.servers alone: a starting point for producer, consumer or admin properties. */
    default Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers());
        return properties;
    }

    @Override
    default Map<String, String> quarkusConfig() {
        return Map.of(QUARKUS_BOOTSTRAP_SERVERS, bootstrapServers());
    }
}
