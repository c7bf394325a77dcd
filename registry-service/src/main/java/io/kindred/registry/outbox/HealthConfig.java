package io.kindred.registry.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Kafka counts in readiness ({@code kindred.health.*}, see {@link KafkaReadinessCheck}). */
@ConfigMapping(prefix = "kindred.health")
public interface HealthConfig {

    /** Readiness fails while Kafka cannot be reached (default: reported in the check's data only). */
    @WithDefault("false")
    boolean kafkaRequired();

    /** How long the readiness probe waits for Kafka to answer. */
    @WithDefault("PT3S")
    Duration kafkaTimeout();
}
