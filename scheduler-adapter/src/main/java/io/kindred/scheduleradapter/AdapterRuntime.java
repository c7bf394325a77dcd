package io.kindred.scheduleradapter;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.kafka.DeadLetterPublisher;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.kindred.leadership.LeaderElection;
import io.kindred.leadership.LeaderElectionSettings;
import io.kindred.events.Topics;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.scheduleradapter.backend.Backend;
import io.kindred.scheduleradapter.binding.PodAdmission;
import io.kindred.scheduleradapter.binding.PodBinder;
import io.kindred.scheduleradapter.binding.PodReconciler;
import io.kindred.scheduleradapter.binding.RegisteredObjects;
import io.kindred.scheduleradapter.cluster.PodGroupStore;
import io.kindred.scheduleradapter.cluster.PodGroupWriter;
import io.kindred.scheduleradapter.cluster.WorkloadEvents;
import io.kindred.scheduleradapter.directives.GangDirector;
import io.kindred.scheduleradapter.gang.GangPlanner;
import io.kindred.scheduleradapter.gang.PolicyResolver;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.submissions.ManifestApplier;
import io.kindred.scheduleradapter.workloadtypes.RegisteredTypes;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.kindred.workloadtypes.WorkloadTypeTable;
import io.kindred.workloadtypes.WorkloadTypesConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The adapter's parts, built from configuration and started in order: topics, the type table (read to the end
 * before any status event is acted on), the caches of PodGroups, registered objects and pods. Plain Java; Quarkus
 * wiring is in {@link AdapterBeans}.
 */
public final class AdapterRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AdapterRuntime.class);

    private final AdapterConfig config;
    private final KafkaClients kafka;
    private final Backend backend;
    private final WorkloadTypeTable table = new WorkloadTypeTable(new ResourceInterfaceCompiler());
    private final RegisteredTypes types = new RegisteredTypes(table);
    private final RegisteredObjects objects;
    private final PodGroupStore store;
    private final PodGroupWriter writer;
    private final ManifestApplier submissions;
    private final WorkloadEvents events;
    private final GangDirector director;
    private final PodBinder binder;
    private final PodReconciler reconciler;
    private final PodAdmission admission;
    private final DeadLetterPublisher deadLetters;
    private final LeaderElection leadership;
    /** Set once a reading of workload-types has applied every record present when it started; never unset. */
    private volatile boolean typesLoaded;
    private volatile WorkloadTypesConsumer typesConsumer;
    private volatile boolean closing;
    private Thread typesThread;

    public AdapterRuntime(AdapterConfig config, KafkaClients kafka, KubernetesClient kubernetes) {
        this(config, kafka, kubernetes, LeaderElectionSettings.of(config.leaderElection(), kubernetes.getNamespace()));
    }

    /** With the leader election's settings given (tests run several replicas in one process). */
    public AdapterRuntime(AdapterConfig config, KafkaClients kafka, KubernetesClient kubernetes,
            LeaderElectionSettings election) {
        this.config = config;
        this.kafka = kafka;
        AdapterConfig.Adapter settings = config.adapter();
        this.backend = Backend.named(settings.backend());
        this.objects = new RegisteredObjects(kubernetes, settings.kindRetry());
        this.store = new PodGroupStore(kubernetes, backend);
        this.writer = new PodGroupWriter(kubernetes, backend, store);
        this.events = new WorkloadEvents(kubernetes);
        GangPlanner planner = new GangPlanner(settings.namePrefix());
        PolicyResolver policies = new PolicyResolver(new PolicyResolver.Settings(settings.queueLabels(),
                settings.priorityClassLabel(), settings.preemptibilityLabel(), settings.priorityClasses(),
                new SchedulingPolicy(settings.defaultQueue().orElse(null), settings.defaultPriorityClass().orElse(null),
                        settings.defaultPreemptibility().orElse(null))));
        this.director = new GangDirector(config.clusterId(), types, objects, planner, policies, backend, store, writer,
                events, Clock.systemUTC());
        this.binder = new PodBinder(types, objects, planner, policies, backend, schedulerNames(settings, backend));
        // the reconciler is the single writer; its gate is the election's, which calls back into the reconciler
        LeaderElection[] gate = new LeaderElection[1];
        this.reconciler = new PodReconciler(kubernetes, binder, store, events, director::ensureReplicaGroup,
                settings.podRetry(), () -> gate[0].mayAct());
        this.leadership = new LeaderElection(kubernetes, election, new LeaderElection.Listener() {
            @Override
            public void startedLeading() {
                LOG.info("Leader: running the pod reconciler");
                reconciler.start();
            }

            @Override
            public void stoppedLeading() {
                LOG.info("Standby: pod reconciler stopped (the webhook and the consumers keep running)");
                reconciler.stop();
            }
        });
        gate[0] = leadership;
        this.admission = new PodAdmission(binder, store, events);
        this.submissions = new ManifestApplier(kubernetes, types, planner, policies, backend, writer,
                stampedSchedulerName(settings, backend));
        this.deadLetters = new DeadLetterPublisher(kafka.rawProducer("dead-letters"),
                config.topics().workloadTypesDeadLetter());
    }

    /** The configured schedulerNames, or the backend's own scheduler; {@code *} means every pod. */
    static Set<String> schedulerNames(AdapterConfig.Adapter settings, Backend backend) {
        List<String> configured = settings.schedulerNames().orElse(List.of(switch (backend.id()) {
            case KAI -> "kai-scheduler";
            case VOLCANO -> "volcano";
            case COSCHEDULING -> "scheduler-plugins-scheduler";
        }));
        return configured.contains("*") ? Set.of() : new HashSet<>(configured);
    }

    /** The scheduler name stamped into submitted manifests: the first configured one, else the backend's own. */
    static String stampedSchedulerName(AdapterConfig.Adapter settings, Backend backend) {
        return settings.schedulerNames().orElse(List.of()).stream().filter(name -> !name.equals("*")).findFirst()
                .orElse(switch (backend.id()) {
                    case KAI -> "kai-scheduler";
                    case VOLCANO -> "volcano";
                    case COSCHEDULING -> "scheduler-plugins-scheduler";
                });
    }

    public synchronized void start() {
        store.start();
        leadership.start(); // the pod reconciler runs on the leader only
        typesThread = new Thread(() -> {
            provisionTopics();
            readTypes();
        }, "workload-types-reader");
        typesThread.setDaemon(true);
        typesThread.start();
        LOG.infof("scheduler-adapter started: backend %s (PodGroup %s)", backend.id(), backend.apiVersion());
    }

    /** Creates missing topics, retrying while the broker cannot be reached (the service starts anyway). */
    private void provisionTopics() {
        AdapterConfig.Topics topics = config.topics();
        TopicProvisioner provisioner = new TopicProvisioner(kafka, topics.create(), topics.partitions(),
                topics.replicationFactor());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<String> missing = provisioner.ensure(List.of(TopicSpec.compacted(topics.workloadTypes()),
                        TopicSpec.compacted(Topics.WORKLOAD_STATUS), new TopicSpec(Topics.SCHEDULING_DIRECTIVES, false),
                        TopicSpec.compacted(Topics.WORKLOAD_SUBMISSIONS), TopicSpec.compacted(Topics.WORKLOAD_SYNC),
                        new TopicSpec(topics.workloadTypesDeadLetter(), false)));
                if (!missing.isEmpty()) {
                    LOG.warnf("Topics %s are missing and kindred.topics.create is false", missing);
                }
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Cannot check the Kafka topics yet (%s); trying again in 5 s", e.getMessage());
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Reads {@code workload-types} into the table for as long as the adapter runs. Every instance reads the whole
     * topic (plain consumer, no group). The table is kept across a restart of the reading (after a broker or schema
     * registry outage): revisions only move forward, so reading again from the beginning changes nothing that was
     * already applied.
     */
    private void readTypes() {
        while (!closing) {
            WorkloadTypesConsumer consumer = new WorkloadTypesConsumer(kafka, config.topics().workloadTypes(), table,
                    deadLetters, change -> watchRegisteredKinds());
            typesConsumer = consumer;
            consumer.run();
            if (closing) {
                return;
            }
            LOG.warnf("Reading %s stopped (%s); reading again from the beginning in 2 s",
                    config.topics().workloadTypes(), consumer.failure());
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Caches exactly the registered kinds: a new kind is watched, a deleted type's kind no longer. */
    private void watchRegisteredKinds() {
        List<GroupVersionKind> registered = types.kinds();
        for (GroupVersionKind gvk : registered) {
            objects.watch(gvk);
        }
        for (GroupVersionKind gvk : objects.kinds()) {
            if (!registered.contains(gvk)) {
                objects.unwatch(gvk);
            }
        }
    }

    /**
     * Blocks until status events can be acted on: the type table holds every type present at start, and the PodGroup
     * cache has listed what exists. Without the second, a Completed event replayed after a restart would find no
     * group of its workload to delete (a missed release), and a replayed ensure would write a group again.
     */
    public boolean awaitStatusReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!typesLoaded() || !store.hasSynced()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    public boolean typesLoaded() {
        if (!typesLoaded) {
            WorkloadTypesConsumer consumer = typesConsumer;
            typesLoaded = consumer != null && consumer.caughtUp();
        }
        return typesLoaded;
    }

    public GangDirector director() {
        return director;
    }

    /** Applies Workloads V2 submissions. */
    public ManifestApplier submissions() {
        return submissions;
    }

    public PodAdmission admission() {
        return admission;
    }

    public PodGroupStore store() {
        return store;
    }

    public PodGroupWriter writer() {
        return writer;
    }

    public PodReconciler reconciler() {
        return reconciler;
    }

    public LeaderElection leadership() {
        return leadership;
    }

    public RegisteredObjects objects() {
        return objects;
    }

    public RegisteredTypes types() {
        return types;
    }

    public Backend backend() {
        return backend;
    }

    public Duration apiRetry() {
        return config.adapter().apiRetry();
    }

    @Override
    public synchronized void close() {
        closing = true;
        WorkloadTypesConsumer consumer = typesConsumer;
        if (consumer != null) {
            try {
                consumer.stop(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leadership.close();
        reconciler.close();
        objects.close();
        store.close();
        deadLetters.close();
    }
}
