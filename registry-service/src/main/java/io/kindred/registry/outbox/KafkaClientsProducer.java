package io.kindred.registry.outbox;

import io.kindred.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's Kafka client factory (the shared one of kafka-events), built from the {@code kafka.*} configuration
 * (bootstrap servers, security…) and the schema registry URL.
 */
@ApplicationScoped
public class KafkaClientsProducer {

    /** Prefix of the registry's client ids ({@code kindred-registry-outbox}, {@code -topics}, {@code -health}). */
    static final String CLIENT_ID_PREFIX = "kindred-registry";

    @Produces
    @Singleton
    KafkaClients kafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        // A configured kafka.client.id names this service on the broker; each client appends its purpose to it
        Object configured = kafkaConfig.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        return new KafkaClients(kafkaConfig, registryUrl, configured == null ? CLIENT_ID_PREFIX : configured.toString());
    }
}
