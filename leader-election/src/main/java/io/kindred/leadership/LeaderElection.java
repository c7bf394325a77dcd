package io.kindred.leadership;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * Elects one leader among the replicas of a service on a {@code coordination.k8s.io/v1} Lease, with fabric8's
 * {@code LeaderElector}, and keeps this instance a candidate for as long as it runs: a deposed leader becomes a
 * standby and competes again.
 * <p>
 * The listener hears {@code startedLeading}/{@code stoppedLeading} in order, on one thread of this class, never on
 * the elector's. Whatever must not happen twice checks {@link #mayAct()} right before it acts: it is true only while
 * this instance leads <em>and</em> its last successful renewal is less than the renew deadline old, by its own
 * monotonic clock. A leader cut off from the API server or paused (GC, CPU starvation) thus stops acting by itself
 * once the deadline passes, before a standby can take the Lease (lease duration &gt; renew deadline), without waiting
 * for the elector to notice.
 * <p>
 * Disabled, the instance leads at once and for good.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    /** Told about this instance's leadership, in order, on the election's own thread. */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private final KubernetesClient client;
    private final LeaderElectionSettings settings;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final AtomicLong transitions = new AtomicLong();

    private volatile boolean leading;
    /** {@link System#nanoTime()} before the last write of this instance into the Lease. */
    private volatile long renewedAtNanos;
    private volatile String holder;
    private volatile Instant since;
    private volatile boolean closed;
    /** The running elector (fabric8 electors are single-use: a new one for every candidacy). */
    private CompletableFuture<?> candidacy;
    private long candidacyNumber;
    /** Election thread only: what the listener was last told. */
    private boolean announced;

    public LeaderElection(KubernetesClient client, LeaderElectionSettings settings, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kindred-leader-election");
            t.setDaemon(true);
            t.setContextClassLoader(LeaderElection.class.getClassLoader());
            return t;
        });
    }

    /** Starts competing (or, disabled, leads at once). Returns at once. */
    public void start() {
        if (!settings.enabled()) {
            LOG.infof("Leader election is off: %s leads", settings.identity());
            holder = settings.identity();
            becameLeader();
            return;
        }
        LOG.infof("Competing for Lease %s/%s as %s (lease %s, renew deadline %s, retry %s)", settings.namespace(),
                settings.leaseName(), settings.identity(), settings.leaseDuration(), settings.renewDeadline(),
                settings.retryPeriod());
        since = Instant.now();
        execute(this::compete);
    }

    /** True while this instance leads and its lease is known to be held (see the class comment). */
    public boolean mayAct() {
        if (!leading) {
            return false;
        }
        return !settings.enabled() || System.nanoTime() - renewedAtNanos < settings.renewDeadline().toNanos();
    }

    /** Whether this instance leads (it may still have to check {@link #mayAct()} before acting). */
    public boolean leading() {
        return leading;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public String identity() {
        return settings.identity();
    }

    /** The identity in the Lease as this instance last saw it, or null before the first look. */
    public String holder() {
        return holder;
    }

    /** When this instance last became leader or standby, or null before either. */
    public Instant since() {
        return since;
    }

    /** How often this instance became leader. */
    public long timesLed() {
        return transitions.get();
    }

    /** One line for health details and logs. */
    public String describe() {
        if (!settings.enabled()) {
            return "leader (election off)";
        }
        String lease = settings.namespace() + "/" + settings.leaseName();
        return (leading ? "leader" : "standby") + " of Lease " + lease + " as " + settings.identity()
                + (leading ? "" : ", leader: " + (holder == null || holder.isEmpty() ? "none" : holder));
    }

    /**
     * Stops competing. A leader stops acting at once, then gives the Lease up (so a standby takes over at its next
     * try instead of after the lease duration) and hears {@code stoppedLeading}.
     */
    @Override
    public void close() {
        closed = true;
        leading = false;
        CountDownLatch done = new CountDownLatch(1);
        try {
            thread.execute(() -> {
                try {
                    CompletableFuture<?> current = candidacy;
                    candidacy = null;
                    if (current != null) {
                        current.cancel(true); // releases the Lease (releaseOnCancel) when this instance holds it
                    }
                    announce(false);
                } finally {
                    done.countDown();
                }
            });
            done.await(settings.enabled() ? settings.renewDeadline().toMillis() : 1000, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        thread.shutdownNow();
    }

    /** Election thread: starts a new candidacy. */
    private void compete() {
        if (closed) {
            return;
        }
        long number = ++candidacyNumber;
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new RenewalTrackingLock(new LeaseLock(settings.namespace(), settings.leaseName(),
                        settings.identity()), nanos -> renewedAtNanos = nanos))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> execute(this::becameLeader),
                        () -> lostLeadership(number),
                        newHolder -> holder = newHolder))
                .build();
        CompletableFuture<?> future = client.leaderElector().withConfig(config).build().start();
        candidacy = future;
        future.whenComplete((ignored, failure) -> {
            if (failure != null && !future.isCancelled()) {
                LOG.warnf("Leader election for Lease %s/%s ended with an error (%s); competing again",
                        settings.namespace(), settings.leaseName(), failure.getMessage());
            }
            restartCandidacy(number);
        });
    }

    /** Elector thread, possibly under the elector's lock: stop acting now, tell the listener on our thread. */
    private void lostLeadership(long number) {
        leading = false;
        execute(() -> announce(false));
        restartCandidacy(number);
    }

    /**
     * A fabric8 elector does not compete again after it lost the Lease (and its future may never complete when the
     * API server cannot be reached while it stands down), so a new one is started after a retry period.
     */
    private void restartCandidacy(long number) {
        try {
            thread.schedule(() -> {
                if (closed || number != candidacyNumber) {
                    return; // already replaced
                }
                CompletableFuture<?> old = candidacy;
                if (old != null && !old.isDone()) {
                    old.cancel(true);
                }
                compete();
            }, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed
        }
    }

    /** Election thread. */
    private void becameLeader() {
        if (closed) {
            return;
        }
        leading = true;
        holder = settings.identity();
        announce(true);
    }

    /** Election thread: tells the listener about a change, once. */
    private void announce(boolean nowLeading) {
        if (!nowLeading) {
            leading = false; // also when a queued becameLeader ran after the loss was noticed
        }
        if (nowLeading == announced) {
            return;
        }
        announced = nowLeading;
        since = Instant.now();
        if (nowLeading) {
            transitions.incrementAndGet();
            LOG.infof("%s is the leader%s", settings.identity(), settings.enabled()
                    ? " of Lease " + settings.namespace() + "/" + settings.leaseName() : "");
            listener.startedLeading();
        } else {
            LOG.infof("%s is a standby%s", settings.identity(), settings.enabled()
                    ? " of Lease " + settings.namespace() + "/" + settings.leaseName() : "");
            listener.stoppedLeading();
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Leader election step failed");
                }
            });
        } catch (RejectedExecutionException closing) {
            // closed
        }
    }
}
