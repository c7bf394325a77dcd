package io.kindred.statusmapper.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kindred.statusmapper.kafka.KafkaClients;

/**
 * Whether the Kafka cluster answers. Bounded (3 s) and cached (5 s), so that a probe during a Kafka outage answers
 * DOWN quickly instead of hanging for the admin client's default minute.
 */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    static final String NAME = "Kafka";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CACHE = Duration.ofSeconds(5);

    @Inject
    KafkaClients clients;

    private Admin admin;
    private HealthCheckResponse cached;
    private Instant cachedAt = Instant.EPOCH;

    @Override
    public synchronized HealthCheckResponse call() {
        if (cached != null && cachedAt.plus(CACHE).isAfter(Instant.now())) {
            return cached;
        }
        HealthCheckResponse response;
        try {
            if (admin == null) {
                admin = clients.admin();
            }
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            response = HealthCheckResponse.named(NAME).up()
                    .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = HealthCheckResponse.named(NAME).down().withData("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            response = HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(cause)).build();
        }
        cached = response;
        cachedAt = Instant.now();
        return response;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
