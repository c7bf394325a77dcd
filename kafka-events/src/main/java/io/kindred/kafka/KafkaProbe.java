package io.kindred.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Whether the Kafka cluster answers, for readiness checks: bounded, so that a probe during an outage answers quickly
 * instead of waiting the admin client's default minute, and optionally cached, so that frequent probes do not each
 * cost a round trip. Owns one admin client, created on first use and closed by {@link #close()}.
 * <p>
 * Plain Java rather than a MicroProfile {@code HealthCheck}: each service reports Kafka differently (status-mapper
 * goes DOWN, registry-service stays up because its outbox absorbs outages), so each keeps a thin check that
 * formats a {@link Result}.
 */
public final class KafkaProbe implements AutoCloseable {

    /** The outcome of one look: the brokers that answered, or why none did ({@code failure} is null only when reachable). */
    public record Result(boolean reachable, List<String> nodes, Throwable failure) {

        /** {@code host:port} of every broker, comma-separated. */
        public String nodeList() {
            return String.join(",", nodes);
        }
    }

    private final KafkaClients clients;
    private final Duration cacheFor;
    private Admin admin;
    private Result cached;
    private Instant cachedAt = Instant.EPOCH;

    /** @param cacheFor how long a result is reused; {@link Duration#ZERO} asks the cluster every time */
    public KafkaProbe(KafkaClients clients, Duration cacheFor) {
        this.clients = clients;
        this.cacheFor = cacheFor;
    }

    /** Asks the cluster to describe itself, waiting at most {@code timeout} (plus half a second of slack). */
    public synchronized Result check(Duration timeout) {
        if (cached != null && cachedAt.plus(cacheFor).isAfter(Instant.now())) {
            return cached;
        }
        Result result;
        try {
            if (admin == null) {
                admin = clients.admin("health", Map.of());
            }
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            result = nodes.isEmpty()
                    ? new Result(false, List.of(), new IllegalStateException("the cluster reports no brokers"))
                    : new Result(true, nodes.stream().map(n -> n.host() + ":" + n.port()).toList(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Result(false, List.of(), e);
        } catch (Exception e) {
            // ExecutionException and client-construction failures wrap the reason worth reporting
            result = new Result(false, List.of(), e.getCause() != null ? e.getCause() : e);
        }
        cached = result;
        cachedAt = Instant.now();
        return result;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
