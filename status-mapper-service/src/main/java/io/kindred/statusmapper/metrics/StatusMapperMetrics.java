package io.kindred.statusmapper.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.kindred.events.AbstractState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's own metrics (exposed at {@code /q/metrics} in Prometheus form, names with dots become underscores).
 * Counters per kind are cached so the mapping path does no registry look-up per event.
 */
public final class StatusMapperMetrics {

    public static final String PREFIX = "kindred.statusmapper.";

    /** Watch event actions, as tag values. */
    public enum WatchAction {
        ADDED("added"), UPDATED("updated"), DELETED("deleted"), RESYNCED("resynced");

        final String tag;

        WatchAction(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> watchEvents = new ConcurrentHashMap<>();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> publishFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> evaluationErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> typeRecords = new ConcurrentHashMap<>();
    private final Map<String, Counter> discoveryRetries = new ConcurrentHashMap<>();
    private final Timer publishLatency;
    private final AtomicLong typesConsumerLag = new AtomicLong();
    private final Counter tombstones;

    public StatusMapperMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder(PREFIX + "publish.latency")
                .description("Time from receiving a watch event to the acknowledgement of the status record it caused")
                .publishPercentiles(0.5, 0.99)
                .percentilePrecision(2)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        tombstones = Counter.builder(PREFIX + "tombstones.published")
                .description("workload-status tombstones of deleted workloads acknowledged by Kafka")
                .register(registry);
        Gauge.builder(PREFIX + "types.consumer.lag", typesConsumerLag, AtomicLong::get)
                .description("Records of the workload-types topic not yet applied")
                .register(registry);
    }

    /**
     * The number of tracked workloads per kind and state, as the mapping keeps it. An interface here, implemented in
     * mapping, so that metrics stays a leaf every feature may use and depends on none of them.
     */
    public interface WorkloadCounts {
        /** Calls {@code listener} for every kind known now and, once, for every kind that appears later. */
        void onNewKind(Consumer<String> listener);

        long count(String kind, AbstractState state);
    }

    /** Registers the per kind/state workload gauges for every kind, now and as kinds appear. */
    public void bindWorkloadCounts(WorkloadCounts kinds) {
        kinds.onNewKind(kind -> {
            for (AbstractState state : AbstractState.values()) {
                if (state == AbstractState.DELETED) {
                    continue; // a deleted workload is forgotten, never counted
                }
                Gauge.builder(PREFIX + "workloads", kinds, k -> k.count(kind, state))
                        .description("Tracked workloads per kind and abstract state")
                        .tags("kind", kind, "state", state.name())
                        .register(registry);
            }
        });
    }

    public void watchEvent(String kind, WatchAction action) {
        counter(watchEvents, "watch.events", "Watch events received per kind and action", kind + '\0' + action.tag,
                "kind", kind, "action", action.tag).increment();
    }

    public void published(String kind, AbstractState state) {
        counter(published, "status.events.published", "Status events published per kind and state",
                kind + '\0' + state.name(), "kind", kind, "state", state.name()).increment();
    }

    public void publishFailed(String kind) {
        counter(publishFailures, "status.events.failed", "Status events Kafka did not accept (republished on the next change or resync)",
                kind, "kind", kind).increment();
    }

    public void evaluationError(String kind) {
        counter(evaluationErrors, "evaluation.errors", "Objects whose Resource Interface evaluation failed",
                kind, "kind", kind).increment();
    }

    /** @param outcome applied, ignored (duplicate/older revision) or dead-lettered */
    public void typeRecord(String outcome) {
        counter(typeRecords, "types.records", "Records of the workload-types topic by outcome", outcome,
                "outcome", outcome).increment();
    }

    public void discoveryRetry(String gvk) {
        counter(discoveryRetries, "watch.kind.retries", "Looks for a kind that was not installed yet (CRD absent)",
                gvk, "gvk", gvk).increment();
    }

    public void publishLatency(long nanos) {
        publishLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public Timer publishLatencyTimer() {
        return publishLatency;
    }

    public void typesConsumerLag(long lag) {
        typesConsumerLag.set(lag);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(Map<String, Counter> cache, String name, String description, String key, String... tags) {
        Counter counter = cache.get(key);
        if (counter == null) {
            counter = cache.computeIfAbsent(key, k -> Counter.builder(PREFIX + name).description(description).tags(tags)
                    .register(registry));
        }
        return counter;
    }

    /** A supplier-based gauge helper for the few single-value gauges. */
    public void tombstonePublished() {
        tombstones.increment();
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(PREFIX + name, value).description(description).tags(tags).register(registry);
    }
}
