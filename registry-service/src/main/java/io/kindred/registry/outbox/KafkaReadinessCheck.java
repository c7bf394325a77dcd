package io.kindred.registry.outbox;

import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.KafkaProbe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @Inject
    HealthConfig config;

    private KafkaProbe probe;

    @PostConstruct
    void createProbe() {
        // not cached: the check's data also carries the outbox backlog, which should be current on every probe
        probe = new KafkaProbe(kafka, Duration.ZERO);
    }

    @PreDestroy
    void close() {
        probe.close();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka and outbox")
                .withData("outboxUnpublishedEvents", metrics.unpublished())
                .withData("outboxOldestUnpublishedAgeSeconds", (long) metrics.oldestAgeSeconds())
                .withData("outboxParkedEvents", metrics.parkedEvents())
                .withData("outboxHeldEvents", metrics.heldEvents());
        // A parked event is a warning, not unreadiness: the API works and every other type's events flow, and taking
        // replicas out of rotation would not un-park it. MicroProfile Health has no WARN status, so it is in the data.
        if (metrics.parkedEvents() > 0) {
            response.withData("warning", metrics.parkedEvents() + " outbox event(s) parked after repeated failures, "
                    + metrics.heldEvents() + " held behind them: retry or drop them (GET /api/v1/outbox/parked)");
        }
        // A topic the relay cannot publish to (not authorised, cannot be created, refused): no event of that topic
        // leaves until it is fixed, so it is named with its error while it lasts; DOWN only if Kafka is required.
        java.util.List<OutboxMetrics.TopicFailure> failing = metrics.topicFailures();
        for (OutboxMetrics.TopicFailure failure : failing) {
            response.withData("relayFailure." + failure.topic(), failure.error() + " (since " + failure.since() + ")");
        }
        if (!failing.isEmpty()) {
            String topics = String.join(", ", failing.stream().map(OutboxMetrics.TopicFailure::topic).toList());
            response.withData("relayWarning", "the outbox relay cannot publish to " + topics
                    + "; its events wait in the outbox (see relayFailure.<topic>)");
        }
        KafkaProbe.Result kafkaState = probe.check(config.kafkaTimeout());
        if (kafkaState.reachable()) {
            response.withData("brokers", kafkaState.nodes().size());
        } else {
            response.withData("error", kafkaState.failure().getClass().getSimpleName());
        }
        response.withData("kafkaReachable", kafkaState.reachable());
        return response.status((kafkaState.reachable() && failing.isEmpty()) || !config.kafkaRequired()).build();
    }
}
