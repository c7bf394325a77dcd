package io.kindred.statusmapper.health;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.KafkaProbe;

/**
 * Whether the Kafka cluster answers. Bounded (3 s) and cached (5 s), so that a probe during a Kafka outage answers
 * DOWN quickly instead of hanging for the admin client's default minute. The pipeline cannot run without Kafka, so
 * an unreachable cluster makes the service unready.
 */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    static final String NAME = "Kafka";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CACHE = Duration.ofSeconds(5);

    @Inject
    KafkaClients clients;

    private KafkaProbe probe;

    @PostConstruct
    void createProbe() {
        probe = new KafkaProbe(clients, CACHE);
    }

    @Override
    public HealthCheckResponse call() {
        KafkaProbe.Result result = probe.check(TIMEOUT);
        if (result.reachable()) {
            return HealthCheckResponse.named(NAME).up().withData("nodes", result.nodeList()).build();
        }
        return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(result.failure())).build();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
