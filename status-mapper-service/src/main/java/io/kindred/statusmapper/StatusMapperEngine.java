package io.kindred.statusmapper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.kafka.Backoff;
import io.kindred.kafka.DeadLetterPublisher;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.kindred.statusmapper.clusterstatus.ClusterStatusReporter;
import io.kindred.statusmapper.clusterstatus.KafkaClusterStatusPublisher;
import io.kindred.statusmapper.leadership.PublishGate;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.mapping.WorkloadTombstones;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.KafkaStatusPublisher;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.statusmapper.statestore.RestoredWorkloads;
import io.kindred.statusmapper.statestore.StateStoreLoader;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.kindred.workloadtypes.TypeTableChange;
import io.kindred.workloadtypes.WorkloadTypeTable;
import io.kindred.workloadtypes.WorkloadTypesConsumer;
import io.kindred.statusmapper.watch.WatchManager;
import io.kindred.statusmapper.watch.WatchSettings;
import io.kindred.statusmapper.watch.WatchStatus;

/**
 * Runs the pipeline in two layers.
 * <ul>
 *   <li><b>Warm</b> (every replica, leader or standby): the topics exist and {@code workload-types} is read from the
 *       beginning and followed, so the type table is loaded when this replica is asked to lead.</li>
 *   <li><b>Leading</b> (one replica, see {@link #lead()}): in the order restart safety needs, (1) the state store is
 *       rebuilt from {@code workload-status} up to its end offsets, (2) every type of the table starts its watches,
 *       whose initial lists are reconciled with the restored state, (3) type changes from then on go to the watches,
 *       and the cluster status is reported. A replica that becomes leader runs exactly the restart path, so whatever
 *       changed while nobody led (or the old leader failed to publish) is published by it.</li>
 * </ul>
 * {@link #standDown()} closes the {@link PublishGate} at once (no record leaves after it), then drops the leading
 * layer and aborts its producer, back to warm standby.
 * <p>
 * A supervisor thread does every transition, retries while Kafka is unreachable and restarts the types consumer if it
 * dies, so the process never crash-loops. {@link #stop()} tears everything down and clears all memory; {@link #start()}
 * after it behaves exactly like a fresh process, which is how the tests prove restart safety in-process.
 */
public final class StatusMapperEngine {

    private static final Logger LOG = Logger.getLogger(StatusMapperEngine.class);

    /** Where the pipeline is. */
    public enum Phase {
        STOPPED, STARTING, LOADING_TYPES,
        /** Warm: the type table is loaded and followed; another replica leads. */
        STANDBY,
        REBUILDING_STATE,
        /** Leading: mapping and publishing. */
        RUNNING
    }

    /**
     * Everything the engine is configured with (built from {@link StatusMapperConfig} or by the load harness).
     *
     * @param startupRetry the wait between attempts to start (or take over) the pipeline, and before restarting a dead
     *                     types consumer; it grows while the attempts keep failing and starts again after a success
     */
    public record Settings(String clusterId, String typesTopic, String statusTopic, String deadLetterTopic,
                           boolean autoCreateTopics, int topicPartitions, short topicReplicationFactor,
                           WatchSettings watch, Duration linger, Backoff startupRetry, String clusterStatusTopic,
                           Duration clusterStatusHeartbeat, Duration publishRetryDelay, Duration tombstoneGrace,
                           int publishQueueCapacity) {
    }

    private final Settings settings;
    private final KafkaClients kafka;
    private final KubernetesClient kubernetes;
    private final StatusMapperMetrics metrics;
    private final WorkloadTracker tracker;
    private final WorkloadEvaluator evaluator;
    private final Clock clock;
    private final WorkloadTypeTable table = new WorkloadTypeTable(new ResourceInterfaceCompiler());
    private final RestoredWorkloads restored = new RestoredWorkloads();
    private final AtomicInteger generation = new AtomicInteger();
    private final PublishGate gate;
    /** Wakes the supervisor for a leadership change. */
    private final Semaphore wakeups = new Semaphore(0);
    /** Orders the types consumer's changes with the hand-over of the whole table to new watches (see lead). */
    private final Object typeChanges = new Object();

    private volatile Phase phase = Phase.STOPPED;
    private volatile String lastFailure;
    private volatile Warm warm;
    private volatile Run run;
    private volatile Thread supervisor;
    private volatile CountDownLatch running = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Set at the end of a takeover: when this replica last started mapping, and how long the takeover took. */
    private volatile Duration lastTakeover;

    /** The warm layer: what a standby keeps. */
    private static final class Warm {
        final DeadLetterPublisher deadLetters;
        /** Replaced if it dies (see the supervisor). */
        volatile WorkloadTypesConsumer typesConsumer;

        Warm(DeadLetterPublisher deadLetters) {
            this.deadLetters = deadLetters;
        }
    }

    /** The parts of one leading run of the pipeline, dropped as a whole on stop or stand-down. */
    private static final class Run {
        final KafkaStatusPublisher publisher;
        final WorkloadStatusMapper mapper;
        final ScheduledExecutorService scheduler;
        /** Re-sends refused status records and sweeps due tombstones. */
        final ScheduledExecutorService retries;
        final WatchManager watches;
        final ClusterStatusReporter clusterStatus;
        /** Under typeChanges: whether the watches receive the types consumer's changes yet. */
        boolean attached;

        Run(KafkaStatusPublisher publisher, WorkloadStatusMapper mapper, ScheduledExecutorService scheduler,
            ScheduledExecutorService retries, WatchManager watches, ClusterStatusReporter clusterStatus) {
            this.publisher = publisher;
            this.retries = retries;
            this.clusterStatus = clusterStatus;
            this.mapper = mapper;
            this.scheduler = scheduler;
            this.watches = watches;
        }
    }

    /** An engine that leads as soon as it is started (one replica; the load harness). */
    public StatusMapperEngine(Settings settings, KafkaClients kafka, KubernetesClient kubernetes,
                              StatusMapperMetrics metrics, WorkloadTracker tracker, WorkloadEvaluator evaluator,
                              Clock clock) {
        this(settings, kafka, kubernetes, metrics, tracker, evaluator, clock, () -> true, true);
    }

    /**
     * @param leaseHeld the leader election's {@code mayAct}: checked before every record leaves
     * @param leading   whether to lead once started, before {@link #lead()} or {@link #standDown()} is called
     */
    public StatusMapperEngine(Settings settings, KafkaClients kafka, KubernetesClient kubernetes,
                              StatusMapperMetrics metrics, WorkloadTracker tracker, WorkloadEvaluator evaluator,
                              Clock clock, BooleanSupplier leaseHeld, boolean leading) {
        this.gate = new PublishGate(leaseHeld, leading);
        this.settings = settings;
        this.kafka = kafka;
        this.kubernetes = kubernetes;
        this.metrics = metrics;
        this.tracker = tracker;
        this.evaluator = evaluator;
        this.clock = clock;
        metrics.gauge("tracked.workloads", "Workloads whose last published state is in memory", tracker::size);
        metrics.gauge("statestore.pending.reconciliation",
                "Restored workloads waiting for the initial list of their kind", restored::size);
        metrics.gauge("types.registered", "Registered workload types", table::size);
        metrics.gauge("leader", "1 while this replica leads (maps and publishes), 0 while it is a standby",
                () -> run != null && gate.leading() ? 1 : 0);
        metrics.gauge("leadership.dropped.records", "Records refused by the publish gate because this replica "
                + "no longer led or could not renew its Lease (the new leader's reconciliation covers them)",
                gate::dropped);
        metrics.gauge("tombstones.pending", "Deleted workloads whose workload-status tombstone is not out yet",
                () -> {
                    Run current = run;
                    return current == null ? 0 : current.mapper.tombstones().pending();
                });
        metrics.gauge("status.events.queued", "Status events waiting for the producer (e.g. through a Kafka outage)",
                () -> {
                    Run current = run;
                    return current == null ? 0 : current.publisher.queued();
                });
    }

    /** Lead (the leader election chose this replica): take over as soon as the warm layer is up. Returns at once. */
    public void lead() {
        gate.leading(true);
        wakeups.release();
    }

    /** Stand down (the leader election chose another replica): no record leaves from now on. Returns at once. */
    public void standDown() {
        gate.leading(false);
        wakeups.release();
    }

    /** Whether this engine was told to lead (it maps once {@link #phase()} is RUNNING). */
    public boolean leading() {
        return gate.leading();
    }

    /** How long the last takeover took, from {@link #lead()} to the watches started, or null before one. */
    public Duration lastTakeover() {
        return lastTakeover;
    }

    /** Starts the pipeline in the background (retrying until Kafka answers) and returns at once. */
    public synchronized void start() {
        if (supervisor != null) {
            return;
        }
        stopping = false;
        running = new CountDownLatch(1);
        int number = generation.incrementAndGet();
        Thread thread = newThread(this::supervise, "kindred-status-mapper-supervisor-" + number);
        supervisor = thread;
        thread.start();
    }

    /** Waits until the pipeline runs (state rebuilt and every type present at start loaded). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops everything and forgets all state, as if the process ended. */
    public synchronized void stop() {
        stopping = true;
        Thread thread = supervisor;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        supervisor = null;
        tearDown();
        phase = Phase.STOPPED;
        LOG.info("Status mapping pipeline stopped");
    }

    public Phase phase() {
        return phase;
    }

    /** Why the last start attempt or the types consumer failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    public List<WatchStatus> watches() {
        Run current = run;
        return current == null ? List.of() : current.watches.statuses();
    }

    public WorkloadTypeTable types() {
        return table;
    }

    public WorkloadTracker tracker() {
        return tracker;
    }

    /** The mapping path of the current run (for the load harness's direct feed), or null when not running. */
    public WorkloadStatusMapper mapper() {
        Run current = run;
        return current == null ? null : current.mapper;
    }

    /** Waits until every status event handed to Kafka so far is acknowledged (or failed). */
    public void flush() {
        Run current = run;
        if (current != null) {
            current.publisher.flush();
        }
    }

    public boolean typesConsumerRunning() {
        Warm current = warm;
        return current != null && current.typesConsumer != null && current.typesConsumer.running();
    }

    private void supervise() {
        // consecutive failures to start, take over or keep the types consumer alive; reset once a takeover succeeds
        int failedAttempts = 0;
        while (!stopping) {
            try {
                if (warm == null) {
                    warmUp();
                }
                Warm current = warm;
                if (current.typesConsumer.failure() != null) {
                    // it dies only if Kafka fails beyond the client's own retries
                    lastFailure = "workload-types consumer failed: " + current.typesConsumer.failure();
                    Duration delay = settings.startupRetry().delayAfter(++failedAttempts);
                    LOG.errorf("%s; restarting it in %d ms", lastFailure, delay.toMillis());
                    if (!sleep(delay)) {
                        return;
                    }
                    startTypesConsumer(current);
                }
                if (gate.leading() && run == null) {
                    takeOver();
                    failedAttempts = 0;
                } else if (!gate.leading() && run != null) {
                    LOG.info("Standing down: no longer the leader; stopping the watches and publishing nothing more");
                    tearDownRun(false);
                    phase = Phase.STANDBY;
                }
            } catch (InterruptedFailure e) {
                if (stopping) {
                    return;
                }
                // a takeover abandoned because leadership went away meanwhile
                tearDownRun(false);
                phase = Phase.STANDBY;
                continue;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                boolean warming = phase.compareTo(Phase.STANDBY) < 0;
                lastFailure = e.getMessage();
                Duration delay = settings.startupRetry().delayAfter(++failedAttempts);
                LOG.errorf("Could not %s the status mapping pipeline (%s); retrying in %d ms",
                        warming ? "start" : "take over", e.getMessage(), delay.toMillis());
                LOG.debug("Start failure", e);
                if (warming) {
                    tearDown();
                } else {
                    tearDownRun(false);
                    phase = Phase.STANDBY;
                }
                if (!sleep(delay)) {
                    return;
                }
                continue;
            }
            try {
                wakeups.tryAcquire(1, TimeUnit.SECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Topics, then the type table loaded and followed (the warm layer; also all a standby runs). */
    private void warmUp() {
        phase = Phase.STARTING;
        List<String> missing = new TopicProvisioner(kafka, settings.autoCreateTopics(), settings.topicPartitions(),
                settings.topicReplicationFactor()).ensure(List.of(
                TopicSpec.compacted(settings.typesTopic()),
                TopicSpec.compacted(settings.statusTopic()),
                new TopicSpec(settings.deadLetterTopic(), false),
                TopicSpec.compacted(settings.clusterStatusTopic())));
        if (missing.contains(settings.statusTopic()) || missing.contains(settings.deadLetterTopic())) {
            throw new IllegalStateException("Kafka topics " + missing + " do not exist and kindred.topics.auto-create is off");
        }
        if (missing.contains(settings.clusterStatusTopic())) {
            // Not fatal: mapping works without it; only the registry's clusterStatuses stay empty (reports are retried).
            LOG.warnf("Kafka topic %s does not exist and kindred.topics.auto-create is off: cluster status reports "
                    + "will fail until it is created", settings.clusterStatusTopic());
        }
        Warm current = new Warm(new DeadLetterPublisher(kafka.rawProducer("dead-letters"), settings.deadLetterTopic()));
        warm = current;

        phase = Phase.LOADING_TYPES;
        startTypesConsumer(current);
        try {
            while (!current.typesConsumer.awaitCaughtUp(Duration.ofSeconds(1))) {
                if (stopping) {
                    throw new InterruptedFailure();
                }
                Throwable failure = current.typesConsumer.failure();
                if (failure != null) {
                    throw new IllegalStateException("workload-types consumer failed: " + failure, failure);
                }
            }
        } catch (InterruptedException e) {
            throw new InterruptedFailure();
        }
        phase = Phase.STANDBY;
        lastFailure = null;
        LOG.infof("Status mapper warm for cluster %s: %d workload types loaded%s", settings.clusterId(), table.size(),
                gate.leading() ? "" : "; standby until this replica leads");
    }

    /**
     * The restart path, run by a replica that becomes leader: the state store rebuilt from workload-status, then the
     * watches of every type in the (already loaded) table, whose initial lists are reconciled with it.
     */
    private void takeOver() {
        long started = System.nanoTime();
        KafkaStatusPublisher publisher = new KafkaStatusPublisher(kafka, settings.statusTopic(), settings.linger(),
                settings.publishQueueCapacity());
        StatusEventSink gated = gate.guard(publisher);
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                r -> newThread(r, "kindred-status-retries"));
        WorkloadTombstones tombstones = new WorkloadTombstones(gated, settings.tombstoneGrace(), clock,
                metrics::tombstonePublished);
        WorkloadStatusMapper mapper = new WorkloadStatusMapper(settings.clusterId(), evaluator, tracker, gated,
                metrics, clock, retries, settings.publishRetryDelay(), tombstones);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> newThread(r, "kindred-watch-manager"));
        WatchManager watches = new WatchManager(kubernetes, scheduler, settings.watch(), mapper, restored, table, metrics);
        ClusterStatusReporter clusterStatus = new ClusterStatusReporter(settings.clusterId(), watches::typeWatches,
                gate.guard(new KafkaClusterStatusPublisher(kafka, settings.clusterStatusTopic())),
                settings.clusterStatusHeartbeat(), clock);
        watches.onWatchStateChange(clusterStatus::changed);
        Run current = new Run(publisher, mapper, scheduler, retries, watches, clusterStatus);
        run = current;

        phase = Phase.REBUILDING_STATE;
        new StateStoreLoader(kafka, settings.statusTopic(), settings.clusterId())
                .rebuild(mapper, restored, this::abandoned);
        if (abandoned()) {
            throw new InterruptedFailure();
        }
        tombstones.start(retries, WorkloadTombstones.sweepInterval(settings.tombstoneGrace()));
        synchronized (typeChanges) {
            // Every type known now, as if each had just been registered; later records go straight to the watches.
            List<KindBinding> all = new ArrayList<>();
            table.all().forEach(type -> all.addAll(type.versions().values()));
            watches.apply(new TypeTableChange(all, List.of(), List.of(), null));
            current.attached = true;
        }
        lastTakeover = Duration.ofNanos(System.nanoTime() - started);
        phase = Phase.RUNNING;
        current.clusterStatus.start();
        lastFailure = null;
        running.countDown();
        LOG.infof("Status mapping pipeline running for cluster %s: %d workload types, %d workloads restored "
                        + "(took over in %d ms)", settings.clusterId(), table.size(), tracker.size(),
                lastTakeover.toMillis());
    }

    private boolean abandoned() {
        return stopping || !gate.leading();
    }

    private void startTypesConsumer(Warm current) {
        WorkloadTypesConsumer consumer = new WorkloadTypesConsumer(kafka, settings.typesTopic(), table,
                current.deadLetters, this::typesChanged, metrics::typeRecord, metrics::typesConsumerLag);
        Thread thread = newThread(consumer, "kindred-workload-types-consumer");
        current.typesConsumer = consumer;
        thread.start();
    }

    /** Types consumer thread: a standby only keeps its table; a leader's watches follow the change. */
    private void typesChanged(TypeTableChange change) {
        synchronized (typeChanges) {
            Run current = run;
            if (current != null && current.attached) {
                current.watches.apply(change);
            }
        }
    }

    private void tearDown() {
        tearDownRun(true);
        Warm current = warm;
        warm = null;
        if (current != null) {
            WorkloadTypesConsumer consumer = current.typesConsumer;
            if (consumer != null) {
                try {
                    consumer.stop(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeQuietly(current.deadLetters::close, "dead-letter producer");
        }
        table.clear();
    }

    /**
     * Drops the leading layer and forgets the workloads. {@code shuttingDown}: the producers send what they hold
     * (within their bound) and the cluster status says STOPPED; otherwise (standing down) the gate is already
     * closed, so nothing more is published, and the status producer is aborted with what it still holds.
     */
    private void tearDownRun(boolean shuttingDown) {
        Run current;
        synchronized (typeChanges) {
            current = run;
            run = null;
        }
        if (current != null) {
            // Before the watches stop, so that their stopping is reported as STOPPED, not taken for unregistered types.
            current.clusterStatus.stop();
            // The scheduler first: once it has stopped, no lifecycle step can start an informer behind stopAll().
            current.scheduler.shutdownNow();
            try {
                current.scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.watches.stopAll();
            current.mapper.close();
            current.mapper.tombstones().stop();
            current.retries.shutdownNow();
            if (shuttingDown) {
                // No flush() first: during a Kafka outage it waits the whole delivery timeout (minutes); close() hands
                // the queued records to the producer and sends what it can within its own bound, and a record it drops is republished after the restart (the state
                // store then lacks it, so the object's next evaluation differs from the restored state).
                closeQuietly(current.publisher::close, "status producer");
            } else {
                closeQuietly(current.publisher::abort, "status producer");
            }
        }
        tracker.clear();
        restored.clear();
    }

    /**
     * A daemon thread whose context class loader is the one that loaded this class: Avro resolves the generated
     * event classes through it, and must find the same copies the rest of the service uses (under Quarkus, the
     * application's loader, not whatever loader happened to create the thread).
     */
    private static Thread newThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(StatusMapperEngine.class.getClassLoader());
        return thread;
    }

    private static void closeQuietly(Runnable action, String what) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf("Closing %s failed: %s", what, e.getMessage());
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Unwinds a start attempt cut short by {@link #stop()}. */
    private static final class InterruptedFailure extends RuntimeException {
        InterruptedFailure() {
            super("stopping", null, false, false);
        }
    }
}
