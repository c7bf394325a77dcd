package io.kindred.statusmapper.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.kindred.statusmapper.publish.StatusEventSink;

/**
 * Tombstones {@code workload-status} keys of deleted workloads, so the compacted topic (and the state-store rebuild
 * that reads it at every start) holds only workloads that exist or were deleted recently.
 * <p>
 * A UID becomes due {@code grace} after its DELETED record is out: acknowledged by Kafka in this process, or, for a
 * DELETED record read back by the state store at start, after that record's timestamp. Consumers thus get the
 * grace period to read the DELETED record before compaction may drop it (a consumer further behind sees the
 * tombstone instead, which every consumer treats as "gone"). A pending UID costs one map entry until its tombstone
 * is out; a tombstone Kafka refused stays due and is sent again at the next sweep.
 */
public final class WorkloadTombstones {

    private static final Logger LOG = Logger.getLogger(WorkloadTombstones.class);
    /** Marks a UID whose tombstone has been handed to the producer and not yet acknowledged. */
    private static final long IN_FLIGHT = Long.MAX_VALUE;

    private final StatusEventSink sink;
    private final Duration grace;
    private final Clock clock;
    /** UID key ({@link WorkloadKeys}) → epoch millisecond at which its tombstone is due, or {@link #IN_FLIGHT}. */
    private final Map<Object, Long> dueAt = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final Runnable onPublished;
    private volatile ScheduledFuture<?> sweeps;

    /** @param onPublished called for every tombstone Kafka acknowledged (the metric) */
    public WorkloadTombstones(StatusEventSink sink, Duration grace, Clock clock, Runnable onPublished) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The tombstone grace period must not be negative: " + grace);
        }
        this.sink = sink;
        this.grace = grace;
        this.clock = clock;
        this.onPublished = onPublished;
    }

    public Duration grace() {
        return grace;
    }

    /** The DELETED record of {@code uid} is out now. */
    void deletedOut(String uid) {
        dueAt.put(WorkloadKeys.of(uid), clock.millis() + grace.toMillis());
    }

    /** The state store's last record of {@code uid} is a DELETED record written at {@code out}. */
    public void restoredDeleted(String uid, Instant out) {
        dueAt.put(WorkloadKeys.of(uid), out.toEpochMilli() + grace.toMillis());
    }

    /** The topic already has a tombstone (or a newer record) for {@code uid}: nothing to do for it. */
    public void forget(String uid) {
        dueAt.remove(WorkloadKeys.of(uid));
    }

    /** UIDs whose tombstone is not out yet. */
    public int pending() {
        return dueAt.size();
    }

    /** Tombstones acknowledged by Kafka since this instance was created. */
    public long published() {
        return published.get();
    }

    /** Sweeps every {@code interval} on {@code scheduler} from now on, until {@link #stop()}. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        sweeps = scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Tombstone sweep failed; trying again in %d ms", millis);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Sends the tombstone of every UID that is due. */
    public void sweep() {
        long now = clock.millis();
        for (Map.Entry<Object, Long> entry : dueAt.entrySet()) {
            Object key = entry.getKey();
            long due = entry.getValue();
            if (due > now || !dueAt.replace(key, due, IN_FLIGHT)) {
                continue;
            }
            String uid = key.toString();
            sink.sendTombstone(uid, new StatusEventSink.Outcome() {
                @Override
                public void published() {
                    dueAt.remove(key, IN_FLIGHT);
                    published.incrementAndGet();
                    onPublished.run();
                }

                @Override
                public void failed(Exception cause) {
                    LOG.warnf("Could not publish the tombstone of uid %s (%s); sending it again at the next sweep", uid,
                            cause.getMessage());
                    dueAt.replace(key, IN_FLIGHT, now);
                }
            });
        }
    }

    /** Stops sweeping and forgets every pending UID (the next start finds them again in the state store). */
    public void stop() {
        ScheduledFuture<?> current = sweeps;
        if (current != null) {
            current.cancel(false);
        }
        sweeps = null;
        dueAt.clear();
    }

    /** How often to look for due tombstones: a tenth of the grace, between 1 s and 1 min. */
    public static Duration sweepInterval(Duration grace) {
        Duration tenth = grace.dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }
}
