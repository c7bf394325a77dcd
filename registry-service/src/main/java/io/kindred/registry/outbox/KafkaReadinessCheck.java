package io.kindred.registry.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the Kafka cluster answers, with the outbox backlog. Because writes go through the outbox, the
 * API keeps working while Kafka is down (events wait and are published later), so by default an unreachable Kafka
 * is reported in the check's data without taking the service out of rotation; set
 * {@code kindred.health.kafka-required=true} to make readiness fail instead.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    @Inject
    KafkaClients kafka;

    @Inject
    OutboxMetrics metrics;

    @ConfigProperty(name = "kindred.health.kafka-required", defaultValue = "false")
    boolean kafkaRequired;

    @ConfigProperty(name = "kindred.health.kafka-timeout", defaultValue = "PT3S")
    java.time.Duration timeout;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka and outbox")
                .withData("outboxUnpublishedEvents", metrics.unpublished())
                .withData("outboxOldestUnpublishedAgeSeconds", (long) metrics.oldestAgeSeconds());
        boolean reachable;
        try {
            int brokers = kafka.admin().describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            response.withData("brokers", brokers);
            reachable = brokers > 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            response.withData("error", e.getClass().getSimpleName());
            reachable = false;
        }
        response.withData("kafkaReachable", reachable);
        return response.status(reachable || !kafkaRequired).build();
    }
}
