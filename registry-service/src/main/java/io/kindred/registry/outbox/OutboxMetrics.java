package io.kindred.registry.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Outbox lag, for Prometheus: how many events wait and how old the oldest is (refreshed by every relay round, read
 * without touching the database at scrape time), how long events took from commit to broker acknowledgement, how
 * many publish attempts failed, and how many events are parked (and held back behind them).
 */
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    MeterRegistry registry;

    private final AtomicLong unpublished = new AtomicLong();
    private final AtomicReference<Instant> oldestUnpublished = new AtomicReference<>();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong heldBack = new AtomicLong();
    /** Per topic, the relay's current failure to publish there; removed once an event reaches it again. */
    private final Map<String, TopicFailure> topicFailures = new ConcurrentHashMap<>();
    private Counter parkings;
    private Timer publishLag;
    private Counter failures;

    @PostConstruct
    void register() {
        Gauge.builder("kindred.outbox.unpublished.events", unpublished, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("kindred.outbox.oldest.unpublished.age.seconds", this, OutboxMetrics::oldestAgeSeconds)
                .description("Age of the oldest outbox event not yet acknowledged by Kafka (0 when none)")
                .register(registry);
        publishLag = Timer.builder("kindred.outbox.publish.lag")
                .description("Time from the commit of a change to Kafka's acknowledgement of its event")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram(false)
                .register(registry);
        failures = Counter.builder("kindred.outbox.publish.failures")
                .description("Relay rounds that stopped because Kafka did not acknowledge an event")
                .register(registry);
        Gauge.builder("kindred.outbox.parked.events", parked, AtomicLong::get)
                .description("Outbox events the relay gave up on after kindred.outbox.relay.max-attempts failures; "
                        + "they wait for an administrator (GET /api/v1/outbox/parked)")
                .register(registry);
        Gauge.builder("kindred.outbox.held.events", heldBack, AtomicLong::get)
                .description("Outbox events waiting behind a parked event of the same workload type")
                .register(registry);
        Gauge.builder("kindred.outbox.failing.topics", topicFailures, Map::size)
                .description("Topics the relay currently fails to publish to (see the readiness check for the error)")
                .register(registry);
        parkings = Counter.builder("kindred.outbox.parkings")
                .description("Events parked by the relay since start")
                .register(registry);
    }

    void published(Duration lag) {
        publishLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void failed() {
        failures.increment();
    }

    /** The relay's failure to publish to a topic (or to make sure it exists), since its first occurrence. */
    public record TopicFailure(String topic, String error, Instant since) {
    }

    /** The relay failed to publish to (or provision) {@code topic}; the first failure's time is kept. */
    void topicFailing(String topic, String error) {
        topicFailures.compute(topic, (name, current) -> new TopicFailure(name, error,
                current == null ? Instant.now() : current.since()));
    }

    /** An event reached {@code topic} (or it was provisioned): it no longer fails. */
    void topicRecovered(String topic) {
        topicFailures.remove(topic);
    }

    /** Topics the relay currently fails to publish to, by name. */
    public java.util.List<TopicFailure> topicFailures() {
        return topicFailures.values().stream().sorted(java.util.Comparator.comparing(TopicFailure::topic)).toList();
    }

    void parked() {
        parkings.increment();
    }

    void backlog(long count, Instant oldest, long parkedCount, long heldCount) {
        unpublished.set(count);
        oldestUnpublished.set(oldest);
        parked.set(parkedCount);
        heldBack.set(heldCount);
    }

    public long parkedEvents() {
        return parked.get();
    }

    public long heldEvents() {
        return heldBack.get();
    }


    public long unpublished() {
        return unpublished.get();
    }

    public double oldestAgeSeconds() {
        Instant oldest = oldestUnpublished.get();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
