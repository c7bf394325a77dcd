package io.kindred.statusmapper.clusterstatus;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.statusmapper.watch.TypeWatches;

/**
 * Publishes this cluster's watch state of every registered type to {@code cluster-type-status}: a type's report when
 * it changed (a version's watch state, the lead version, the type's revision), every report again each heartbeat
 * (so readers can tell a cluster that stopped reporting), a tombstone when a type is no longer registered, and a
 * final {@code STOPPED} report of every type when the service stops.
 * <p>
 * Everything runs on one thread of its own: a change notification only schedules a pass (a short debounce merges
 * the bursts of one lifecycle step), so the watch manager never waits for Kafka. A report Kafka did not accept is
 * published again by the next pass; a failed tombstone is retried by every pass until it is accepted.
 */
public final class ClusterStatusReporter {

    private static final Logger LOG = Logger.getLogger(ClusterStatusReporter.class);

    /** Merges the state changes of one lifecycle step (a type with several versions, lead election) into one pass. */
    static final Duration DEBOUNCE = Duration.ofMillis(100);

    private final String clusterId;
    private final Supplier<List<TypeWatches>> watches;
    private final ClusterStatusSink sink;
    private final Duration heartbeat;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean passPending = new AtomicBoolean();

    /** Reporter thread only: the last report handed to Kafka per type name. */
    private final Map<String, ClusterTypeStatusEvent> published = new HashMap<>();
    /** Reporter thread only: keys whose tombstone Kafka has not accepted yet. */
    private final Set<String> pendingTombstones = new HashSet<>();
    /** Written by producer threads, drained by the reporter thread. */
    private final Set<String> failedTypes = ConcurrentHashMap.newKeySet();
    private final Set<String> failedTombstones = ConcurrentHashMap.newKeySet();

    public ClusterStatusReporter(String clusterId, Supplier<List<TypeWatches>> watches, ClusterStatusSink sink,
                                 Duration heartbeat, Clock clock) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("kindred.cluster-status.heartbeat must be positive, got " + heartbeat);
        }
        this.clusterId = clusterId;
        this.watches = watches;
        this.sink = sink;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kindred-cluster-status-reporter");
            t.setDaemon(true);
            t.setContextClassLoader(ClusterStatusReporter.class.getClassLoader());
            return t;
        });
    }

    /** Starts the heartbeat (the first one right away). */
    public void start() {
        thread.scheduleWithFixedDelay(() -> guarded(true), 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Any thread, cheap: something about the watches changed; a pass publishes what differs. */
    public void changed() {
        if (!passPending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.schedule(() -> {
                passPending.set(false);
                guarded(false);
            }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            passPending.set(false);
        }
    }

    /**
     * Publishes {@code STOPPED} for every type reported so far, then closes the producer (bounded, also during a
     * Kafka outage). Call before the watches are stopped, so that stopping them is not taken for unregistration.
     */
    public void stop() {
        CountDownLatch done = new CountDownLatch(1);
        try {
            thread.execute(() -> {
                try {
                    for (ClusterTypeStatusEvent last : published.values()) {
                        send(ClusterStatusReports.stopped(last, clock.instant()), false);
                    }
                } finally {
                    done.countDown();
                }
            });
            done.await(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }

    /** Reporter thread. One pass: publish what changed (everything, for a heartbeat), tombstone what went away. */
    void pass(boolean heartbeatPass) {
        failedTypes.forEach(type -> {
            failedTypes.remove(type);
            published.remove(type); // republished below
        });
        failedTombstones.forEach(key -> {
            failedTombstones.remove(key);
            pendingTombstones.add(key);
        });
        Set<String> current = new HashSet<>();
        for (TypeWatches type : watches.get()) {
            current.add(type.typeName());
            pendingTombstones.remove(ClusterStatusReports.key(clusterId, type.typeName()));
            ClusterTypeStatusEvent report = ClusterStatusReports.report(clusterId, type, clock.instant());
            if (heartbeatPass || !ClusterStatusReports.sameContent(report, published.get(type.typeName()))) {
                send(report, true);
            }
        }
        for (String gone : List.copyOf(published.keySet())) {
            if (!current.contains(gone)) {
                published.remove(gone);
                pendingTombstones.add(ClusterStatusReports.key(clusterId, gone));
            }
        }
        for (String key : List.copyOf(pendingTombstones)) {
            pendingTombstones.remove(key);
            LOG.infof("Workload type %s is no longer registered: publishing a tombstone for %s", key.substring(
                    key.lastIndexOf('/') + 1), key);
            sink.send(key, null, failure -> {
                if (failure != null) {
                    LOG.warnf("Tombstone %s not accepted by Kafka (%s); retrying at the next pass", key, failure.getMessage());
                    failedTombstones.add(key);
                }
            });
        }
    }

    private void send(ClusterTypeStatusEvent report, boolean remember) {
        String type = report.getTypeName();
        if (remember) {
            published.put(type, report);
        }
        sink.send(ClusterStatusReports.key(clusterId, type), report, failure -> {
            if (failure != null) {
                LOG.warnf("Cluster status of %s not accepted by Kafka (%s); republished at the next pass", type,
                        failure.getMessage());
                failedTypes.add(type);
            }
        });
    }

    private void guarded(boolean heartbeatPass) {
        try {
            pass(heartbeatPass);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Publishing the cluster status failed; retrying at the next pass");
        }
    }
}
