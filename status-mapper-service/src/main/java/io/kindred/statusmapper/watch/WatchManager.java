package io.kindred.statusmapper.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.statestore.RestoredWorkloads;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.TypeTableChange;
import io.kindred.workloadtypes.WorkloadTypeTable;

/**
 * Keeps one {@link KindWatch} per registered (type, version): starts the watch of a new GVK without a restart,
 * rebinds on a new revision, stops the watch of a removed type or version.
 * <p>
 * The API server serves one object under every version of its CRD, so a type registered with several versions would
 * see each object once per version. Only one version's events are mapped per type, the <em>lead</em>: the first
 * version, in the order the type declares them, whose watch is running. The others keep watching so that another
 * version takes over at once when the lead's version goes away.
 * <p>
 * Every lifecycle step runs on one scheduler thread, so they never race with each other.
 */
public final class WatchManager {

    private static final Logger LOG = Logger.getLogger(WatchManager.class);

    private final KubernetesClient client;
    private final ScheduledExecutorService scheduler;
    private final WatchSettings settings;
    private final WorkloadStatusMapper mapper;
    private final RestoredWorkloads restored;
    private final WorkloadTypeTable table;
    private final StatusMapperMetrics metrics;
    private final Map<GroupVersionKind, KindWatch> watches = new ConcurrentHashMap<>();
    private final Map<String, KindWatch> leads = new ConcurrentHashMap<>();
    private final ObjectTrees trees;
    /** Scheduler thread only. */
    private boolean crdWatchStarted;
    private volatile SharedIndexInformer<CustomResourceDefinition> crdInformer;
    private volatile Runnable onWatchStateChange = () -> { };

    public WatchManager(KubernetesClient client, ScheduledExecutorService scheduler, WatchSettings settings,
                        WorkloadStatusMapper mapper, RestoredWorkloads restored, WorkloadTypeTable table,
                        StatusMapperMetrics metrics) {
        this.client = client;
        this.scheduler = scheduler;
        this.settings = settings;
        this.mapper = mapper;
        this.restored = restored;
        this.table = table;
        this.metrics = metrics;
        this.trees = new ObjectTrees(client.getKubernetesSerialization());
    }

    /** Any thread (the types consumer): the change is applied on the scheduler thread, in arrival order. */
    public void apply(TypeTableChange change) {
        executeUnlessStopped(guarded("applying a workload type change", () -> applyNow(change)));
    }

    /**
     * Wraps a scheduler task so a failure is logged instead of vanishing into the executor (and the scheduler
     * thread stays alive for the next task).
     */
    static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Failed while %s", what);
            }
        };
    }

    /** The state of every watch, sorted by GVK. */
    public List<WatchStatus> statuses() {
        List<WatchStatus> statuses = new ArrayList<>();
        watches.values().forEach(w -> statuses.add(w.status()));
        statuses.sort(Comparator.comparing(WatchStatus::gvk));
        return statuses;
    }

    /**
     * The watches grouped by workload type, each type's versions in the order the type declares them. A type whose
     * watches were all removed (unregistered) is absent.
     */
    public List<TypeWatches> typeWatches() {
        Map<String, List<KindWatch>> byType = new TreeMap<>();
        watches.values().forEach(w -> byType.computeIfAbsent(w.typeName(), t -> new ArrayList<>()).add(w));
        List<TypeWatches> types = new ArrayList<>(byType.size());
        byType.forEach((type, list) -> {
            WorkloadTypeTable.RegisteredType registered = table.get(type);
            List<String> declared = registered == null ? List.of() : List.copyOf(registered.versions().keySet());
            list.sort(Comparator.comparingInt((KindWatch w) -> {
                int position = declared.indexOf(w.gvk().version());
                return position < 0 ? Integer.MAX_VALUE : position;
            }).thenComparing(w -> w.gvk().version()));
            List<WatchStatus> statuses = list.stream().map(KindWatch::status).toList();
            long revision = statuses.stream().mapToLong(WatchStatus::revision).max().orElse(0);
            types.add(new TypeWatches(type, list.get(0).gvk().group(), revision, statuses));
        });
        return types;
    }

    /**
     * Called (on any thread, possibly under a watch's lock, so it must only hand the work off) whenever a watch
     * changes state, a watch is added or removed, or a type's lead version changes.
     */
    public void onWatchStateChange(Runnable listener) {
        onWatchStateChange = listener;
    }

    void watchStateChanged() {
        try {
            onWatchStateChange.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Watch state listener failed");
        }
    }

    /** Stops every watch; waits for nothing (informers stop asynchronously). */
    public void stopAll() {
        SharedIndexInformer<CustomResourceDefinition> crds = crdInformer;
        if (crds != null) {
            crds.stop();
        }
        watches.values().forEach(KindWatch::stop);
        watches.clear();
        leads.clear();
    }

    boolean isLead(KindWatch watch) {
        return leads.get(watch.typeName()) == watch;
    }

    /**
     * Scheduler thread: a kind is not installed. From now on CustomResourceDefinitions are watched (one informer,
     * started once), so that a watch waiting for its kind looks for it as soon as its CRD is created or becomes
     * Established, instead of at the next backoff look (which stays as the fallback, e.g. when the service may not
     * read CRDs).
     */
    void watchCustomResourceDefinitions() {
        if (crdWatchStarted) {
            return;
        }
        crdWatchStarted = true;
        try {
            SharedIndexInformer<CustomResourceDefinition> informer = client.apiextensions().v1().customResourceDefinitions()
                    .runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(CustomResourceDefinition crd) {
                    crdChanged(crd);
                }

                @Override
                public void onUpdate(CustomResourceDefinition previous, CustomResourceDefinition crd) {
                    crdChanged(crd);
                }

                @Override
                public void onDelete(CustomResourceDefinition crd, boolean deletedFinalStateUnknown) {
                    // a watch whose kind goes away notices through its own informer
                }
            });
            informer.exceptionHandler((started, error) -> {
                LOG.warnf("Watching CustomResourceDefinitions %s: %s; kinds that are not installed are looked for with "
                        + "backoff only until this recovers", started ? "failed" : "cannot start", error.getMessage());
                return !scheduler.isShutdown();
            });
            crdInformer = informer;
            informer.start();
            LOG.info("Watching CustomResourceDefinitions: a kind that is not installed is watched as soon as its CRD appears");
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot watch CustomResourceDefinitions; kinds that are not installed are looked for with backoff only");
        }
    }

    /** Informer thread: hands the CRD's served kinds to the scheduler thread. */
    private void crdChanged(CustomResourceDefinition crd) {
        if (crd.getSpec() == null || crd.getSpec().getNames() == null) {
            return;
        }
        String group = crd.getSpec().getGroup();
        String kind = crd.getSpec().getNames().getKind();
        Set<String> versions = new HashSet<>();
        if (crd.getSpec().getVersions() != null) {
            crd.getSpec().getVersions().stream().filter(v -> !Boolean.FALSE.equals(v.getServed()))
                    .forEach(v -> versions.add(v.getName()));
        }
        executeUnlessStopped(guarded("handling the CRD of " + kind + "." + group, () -> {
            for (KindWatch watch : watches.values()) {
                GroupVersionKind gvk = watch.gvk();
                if (gvk.group().equals(group) && gvk.kind().equals(kind) && versions.contains(gvk.version())) {
                    watch.crdChanged();
                }
            }
        }));
    }

    /** Scheduler thread: a watch finished its initial list. */
    void onWatching(KindWatch watch) {
        electLead(watch.typeName());
    }

    /** Runs a task on the scheduler thread; once the service is stopping, drops it. */
    void executeUnlessStopped(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Scheduler stopped; dropping a watch lifecycle step");
        }
    }

    ObjectTrees trees() {
        return trees;
    }

    KubernetesClient client() {
        return client;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    WatchSettings settings() {
        return settings;
    }

    WorkloadStatusMapper mapper() {
        return mapper;
    }

    StatusMapperMetrics metrics() {
        return metrics;
    }

    private void applyNow(TypeTableChange change) {
        Set<String> affectedTypes = new HashSet<>();
        for (GroupVersionKind gvk : change.removed()) {
            KindWatch watch = watches.remove(gvk);
            if (watch != null) {
                watch.stop();
                affectedTypes.add(watch.typeName());
                LOG.infof("Stopped watching %s: no longer registered", gvk);
            }
        }
        for (TypeTableChange.KindUpdate update : change.updated()) {
            KindWatch watch = watches.get(update.binding().gvk());
            if (watch != null) {
                watch.rebind(update.binding(), update.resourceInterfaceChanged());
                affectedTypes.add(watch.typeName());
            }
        }
        for (KindBinding binding : change.added()) {
            KindWatch watch = new KindWatch(binding, this);
            KindWatch previous = watches.put(binding.gvk(), watch);
            if (previous != null) {
                previous.stop();
            }
            affectedTypes.add(binding.typeName());
            watch.start();
        }
        for (String type : affectedTypes) {
            if (watches.values().stream().noneMatch(w -> w.typeName().equals(type))) {
                // Unregistered: forget its workloads. If it comes back, its objects are announced afresh.
                leads.remove(type);
                mapper.tracker().forgetKind(type);
                restored.drop(type);
            } else {
                electLead(type);
            }
        }
        if (!affectedTypes.isEmpty()) {
            watchStateChanged();
        }
    }

    /** Scheduler thread. */
    private void electLead(String type) {
        WorkloadTypeTable.RegisteredType registered = table.get(type);
        KindWatch elected = null;
        if (registered != null) {
            for (KindBinding binding : registered.versions().values()) {
                KindWatch candidate = watches.get(binding.gvk());
                if (candidate != null && candidate.state() == WatchState.WATCHING) {
                    elected = candidate;
                    break;
                }
            }
        }
        KindWatch previous = elected == null ? leads.remove(type) : leads.put(type, elected);
        if (elected != previous) {
            watchStateChanged();
        }
        if (elected != null && elected != previous) {
            if (previous != null) {
                LOG.infof("Workload type %s is now mapped from %s instead of %s", type, elected.gvk(), previous.gvk());
            }
            elected.becameLead(restored.take(type));
        }
    }
}
