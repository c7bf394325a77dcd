package io.kindred.registry.outbox;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.kindred.events.WorkloadTypeEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the Kafka clients of the registry from the {@code kafka.*} configuration (bootstrap servers, security…),
 * adding what the outbox's guarantees need: a producer that waits for all in-sync replicas and is idempotent, so
 * retries neither lose nor duplicate nor reorder a key's events, and the Apicurio Avro serializer that registers
 * the schema on first use.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    OutboxConfig config;

    private volatile Admin admin;

    public Producer<String, WorkloadTypeEvent> newProducer() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.producer().requestTimeout().toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.producer().maxBlock().toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.producer().deliveryTimeout().toMillis(), config.producer().requestTimeout().toMillis()));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "kindred-registry-outbox");
        props.put("apicurio.registry.url", registryUrl);
        props.put("apicurio.registry.auto-register", true);
        return new KafkaProducer<>(props);
    }

    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> props = new HashMap<>();
                    kafkaConfig.forEach((key, value) -> {
                        if (AdminClientConfig.configNames().contains(key)) {
                            props.put(key, value);
                        }
                    });
                    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.producer().requestTimeout().toMillis());
                    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.producer().requestTimeout().toMillis());
                    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kindred-registry-admin");
                    admin = Admin.create(props);
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
