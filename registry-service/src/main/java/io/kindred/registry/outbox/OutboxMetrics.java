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
