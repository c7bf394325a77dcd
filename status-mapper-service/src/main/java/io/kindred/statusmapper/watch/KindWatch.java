package io.kindred.statusmapper.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.metrics.StatusMapperMetrics.WatchAction;
import io.kindred.workloadtypes.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;

/**
 * The watch of one GVK: finds out through API discovery whether the kind is served (its plural and scope come from
 * there), retries with backoff while it is not (CRD not installed), then runs one informer (or one per configured
 * namespace) and feeds its events to the mapping path.
 * <p>
 * Lifecycle steps run on the watch manager's single scheduler thread; informer events arrive on the informer's own
 * thread. Mapping of this kind's objects, whether from an event, a re-evaluation or the reconciliation after the
 * initial list, happens under one lock, so an older view of an object can never be mapped after a newer one.
 * <p>
 * The informers keep no objects, only each object's identity ({@link IdentityItemStore}): memory per watched object
 * does not depend on its size. What needs whole objects reads them from the API server instead: the mapping after
 * the initial list and after a changed RI lists the kind again, page by page.
 */
public final class KindWatch {

    private static final Logger LOG = Logger.getLogger(KindWatch.class);

    private final GroupVersionKind gvk;
    private final WatchManager manager;
    private final Object mappingLock = new Object();
    /** Objects per list page, for the informers' lists and the re-evaluations' lists. */
    static final long LIST_PAGE = 500;

    /** One watched scope (all namespaces, or one namespace): what lists it, its informer and the informer's store. */
    private record Source(FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> lister, SharedIndexInformer<GenericKubernetesResource> informer,
            IdentityItemStore store) {
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();

    private volatile KindBinding binding;
    private volatile WatchState state = WatchState.RESOLVING;
    private volatile Instant stateSince = Instant.now();
    private volatile boolean namespaced = true;
    private volatile String plural;
    private volatile boolean mapped;
    private volatile int attempts;
    private volatile String lastError;
    private volatile Instant nextAttemptAt;
    private volatile ScheduledFuture<?> scheduledLook;

    KindWatch(KindBinding binding, WatchManager manager) {
        this.gvk = binding.gvk();
        this.binding = binding;
        this.manager = manager;
    }

    public GroupVersionKind gvk() {
        return gvk;
    }

    public String typeName() {
        return binding.typeName();
    }

    public WatchState state() {
        return state;
    }

    KindBinding binding() {
        return binding;
    }

    /** Scheduler thread. */
    void start() {
        lookForKind();
    }

    /**
     * Scheduler thread. The CRD of this kind was created or changed (e.g. became Established): if the watch is
     * waiting for its kind, look now instead of at the next backoff look.
     */
    void crdChanged() {
        if (state != WatchState.KIND_NOT_INSTALLED && state != WatchState.DISCOVERY_FAILED) {
            return;
        }
        ScheduledFuture<?> look = scheduledLook;
        if (look != null) {
            look.cancel(false);
        }
        LOG.infof("The CustomResourceDefinition of %s appeared or changed: looking for the kind now", gvk);
        lookForKind();
    }

    /** Scheduler thread. A new revision of the type: later events use it; a changed RI re-evaluates every object. */
    void rebind(KindBinding next, boolean resourceInterfaceChanged) {
        binding = next;
        if (resourceInterfaceChanged && state == WatchState.WATCHING && manager.isLead(this)) {
            LOG.infof("Resource Interface of %s changed (revision %d): re-evaluating its objects", gvk, next.revision());
            reevaluateAll(() -> { });
        }
    }

    /** Scheduler thread. */
    void stop() {
        // Under the mapping lock: once this returns no event of this watch is being mapped, so forgetting the
        // type's workloads afterwards cannot be undone by a late event re-adding one.
        synchronized (mappingLock) {
            enter(WatchState.STOPPED);
        }
        ScheduledFuture<?> look = scheduledLook;
        if (look != null) {
            look.cancel(false);
        }
        stopInformers();
    }

    private void stopInformers() {
        sources.forEach(source -> source.informer().stop());
        sources.clear();
    }

    public WatchStatus status() {
        boolean connected = !sources.isEmpty() && sources.stream().allMatch(s -> s.informer().isWatching());
        int objects = sources.stream().mapToInt(s -> s.store().size()).sum();
        KindBinding current = binding;
        boolean retrying = state == WatchState.KIND_NOT_INSTALLED || state == WatchState.DISCOVERY_FAILED;
        return new WatchStatus(gvk.toString(), gvk.group(), gvk.version(), gvk.kind(), plural, current.typeName(),
                current.revision(), state, stateSince, manager.isLead(this), mapped && manager.isLead(this), connected,
                attempts, lastError, retrying ? nextAttemptAt : null, objects);
    }

    /**
     * Moves to {@code next}; a real change records when it happened and tells the manager, which tells whoever
     * reports watch states (the cluster status reporter). Setting the same state again changes nothing.
     */
    private void enter(WatchState next) {
        if (state == next) {
            return;
        }
        stateSince = Instant.now();
        state = next;
        manager.watchStateChanged();
    }

    private void lookForKind() {
        if (state == WatchState.STOPPED) {
            return;
        }
        APIResourceList resources;
        try {
            resources = manager.client().getApiResources(gvk.apiVersion());
        } catch (KubernetesClientException e) {
            retryLater(WatchState.DISCOVERY_FAILED, "API discovery of " + gvk.apiVersion() + " failed: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            retryLater(WatchState.DISCOVERY_FAILED, "API discovery of " + gvk.apiVersion() + " failed: " + e);
            return;
        }
        Optional<APIResource> resource = resources == null ? Optional.empty() : resources.getResources().stream()
                .filter(r -> gvk.kind().equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                .findFirst();
        if (resource.isEmpty()) {
            retryLater(WatchState.KIND_NOT_INSTALLED, resources == null
                    ? "kind " + gvk.kind() + ": API group/version " + gvk.apiVersion() + " is not served (CRD not installed?)"
                    : "kind " + gvk.kind() + " is not served in " + gvk.apiVersion() + " (CRD not installed?)");
            return;
        }
        startInformers(new ResourceDefinitionContext.Builder()
                .withGroup(gvk.group())
                .withVersion(gvk.version())
                .withKind(gvk.kind())
                .withPlural(resource.get().getName())
                .withNamespaced(Boolean.TRUE.equals(resource.get().getNamespaced()))
                .build());
    }

    private void retryLater(WatchState reason, String message) {
        lastError = message;
        attempts++;
        Duration delay = manager.settings().missingKindBackoff().delayAfter(attempts);
        nextAttemptAt = Instant.now().plus(delay);
        enter(reason); // last, so that whoever sees the state also sees the look it reports
        if (reason == WatchState.KIND_NOT_INSTALLED) {
            manager.watchCustomResourceDefinitions();
        }
        manager.metrics().discoveryRetry(gvk.toString());
        if (attempts == 1) {
            LOG.warnf("Cannot watch %s yet: %s. Watching starts when it is served; looking again in %d ms", gvk, message,
                    delay.toMillis());
        } else if (attempts % 10 == 0) {
            LOG.infof("Still cannot watch %s after %d looks: %s. Looking again in %d ms", gvk, attempts, message,
                    delay.toMillis());
        } else {
            LOG.debugf("Still cannot watch %s (look %d): %s", gvk, attempts, message);
        }
        if (manager.scheduler().isShutdown()) {
            return; // the service is stopping
        }
        scheduledLook = manager.scheduler().schedule(WatchManager.guarded("looking for " + gvk, this::lookForKind),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startInformers(ResourceDefinitionContext context) {
        enter(WatchState.STARTING);
        namespaced = context.isNamespaceScoped();
        plural = context.getPlural();
        if (attempts > 0) {
            LOG.infof("%s is now served (after %d looks): starting to watch it", gvk, attempts);
        }
        attempts = 0;
        lastError = null;
        nextAttemptAt = null;
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> ops =
                manager.client().genericKubernetesResources(context);
        List<FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>> targets = new ArrayList<>();
        List<String> namespaces = manager.settings().namespaces();
        if (namespaced && !namespaces.isEmpty()) {
            namespaces.forEach(ns -> targets.add(ops.inNamespace(ns)));
        } else {
            targets.add(ops.inAnyNamespace());
        }
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        long resync = manager.settings().resyncPeriod().toMillis();
        for (var target : targets) {
            // Paged: the initial list of a kind with 100k objects is never held whole.
            SharedIndexInformer<GenericKubernetesResource> informer = target.withLimit(LIST_PAGE).runnableInformer(resync);
            IdentityItemStore store = new IdentityItemStore();
            informer.itemStore(store);
            informer.removeNamespaceIndex(); // nothing looks objects up by namespace; the index costs memory per object
            informer.addEventHandler(new EventHandler(informer.getStore()));
            // Never give up: a kind that is forbidden or briefly unavailable must recover without a restart.
            informer.exceptionHandler((started, error) -> {
                lastError = (started ? "watch failed: " : "initial list failed: ") + error.getMessage();
                return state != WatchState.STOPPED;
            });
            sources.add(new Source(target, informer, store));
            synced.add(informer.start().toCompletableFuture());
        }
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((ignored, error) -> WatchManager.guarded("starting the watch of " + gvk,
                        () -> onSynced(error)).run(), manager::executeUnlessStopped);
    }

    /** Scheduler thread. */
    private void onSynced(Throwable error) {
        if (state == WatchState.STOPPED) {
            return;
        }
        if (error != null) {
            lastError = "informer stopped: " + error.getMessage();
            LOG.errorf(error, "Informer of %s stopped; looking for the kind again", gvk);
            stopInformers();
            retryLater(WatchState.DISCOVERY_FAILED, lastError);
            return;
        }
        enter(WatchState.WATCHING);
        LOG.infof("Watching %s (%s, %d objects)", gvk, namespaced && !manager.settings().namespaces().isEmpty()
                ? "namespaces " + manager.settings().namespaces() : "all namespaces", status().objects());
        manager.onWatching(this);
    }

    /**
     * Scheduler thread, when this watch becomes the one whose events are mapped for its type (right after its
     * initial list, or when the version that was leading went away): maps every object it lists, then publishes the
     * deletion of every restored workload that the list no longer has.
     */
    void becameLead(List<WorkloadStatusEvent> restored) {
        reevaluateAll(() -> {
            if (!restored.isEmpty()) {
                reconcile(restored);
            }
            mapped = true;
        });
    }

    /**
     * Scheduler thread. Maps every object of the kind, read from the API server (the informers keep identities
     * only), then runs {@code then}. An object is mapped only when the informer's store holds the listed version:
     * when the store is behind, the newer version's event is still to come and maps it; when it is ahead, its event
     * is queued behind and maps it (the list is taken after this watch became lead, so no such event is dropped). A
     * failed list (API server unavailable, expired continue token) is started again after the missing-kind backoff,
     * for as long as this watch is the lead.
     */
    private void reevaluateAll(Runnable then) {
        KindBinding current = binding;
        int mappedObjects = 0;
        try {
            for (Source source : sources) {
                Store<GenericKubernetesResource> store = source.informer().getStore();
                String page = null;
                do {
                    GenericKubernetesResourceList list = source.lister().list(new ListOptionsBuilder()
                            .withLimit(LIST_PAGE).withContinue(page).build());
                    for (GenericKubernetesResource object : list.getItems()) {
                        synchronized (mappingLock) {
                            if (state == WatchState.STOPPED) {
                                return;
                            }
                            if (isCurrent(object, store.getByKey(store.getKey(object)))) {
                                mapUpsert(current, object, System.nanoTime());
                                mappedObjects++;
                            }
                        }
                    }
                    page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
                } while (page != null && !page.isEmpty());
            }
        } catch (KubernetesClientException e) {
            lastError = "listing " + gvk + " to map its objects failed: " + e.getMessage();
            Duration delay = manager.settings().missingKindBackoff().delayAfter(1);
            LOG.warnf("%s; trying again in %d ms", lastError, delay.toMillis());
            if (!manager.scheduler().isShutdown()) {
                manager.scheduler().schedule(WatchManager.guarded("mapping the objects of " + gvk, () -> {
                    if (state == WatchState.WATCHING && manager.isLead(this)) {
                        reevaluateAll(then);
                    }
                }), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        LOG.debugf("Mapped %d objects of %s from a fresh list", mappedObjects, gvk);
        then.run();
    }

    private void reconcile(List<WorkloadStatusEvent> restored) {
        Set<String> listed = new HashSet<>();
        for (Source source : sources) {
            source.store().values().forEach(object -> listed.add(object.getMetadata().getUid()));
        }
        List<String> namespaces = manager.settings().namespaces();
        int deleted = 0;
        for (WorkloadStatusEvent last : restored) {
            if (listed.contains(last.getUid())) {
                continue;
            }
            if (namespaced && !namespaces.isEmpty() && !namespaces.contains(last.getNamespace())) {
                // Not watched any more (the namespace list changed): nothing can be said about it.
                manager.mapper().tracker().forget(last.getUid());
                continue;
            }
            synchronized (mappingLock) {
                manager.mapper().onDeletedWhileDown(last);
            }
            deleted++;
        }
        LOG.infof("Reconciled %s with the state store: %d restored workloads, %d deleted while the service was down",
                gvk, restored.size(), deleted);
    }

    private void onObject(Store<GenericKubernetesResource> store, GenericKubernetesResource object, WatchAction action) {
        long received = System.nanoTime();
        manager.metrics().watchEvent(binding.typeName(), action);
        // The initial list is mapped in one go once it is complete (becameLead), not event by event. An object from
        // the store (a resync, or the initial list's adds handed over at its end) is an identity, not the object:
        // nothing to evaluate, and nothing new either (becameLead lists the objects themselves).
        if (state != WatchState.WATCHING || !manager.isLead(this) || IdentityItemStore.isIdentity(object)) {
            return;
        }
        synchronized (mappingLock) {
            if (state == WatchState.STOPPED) {
                return;
            }
            // The informer updates its store before it hands the event to this handler, so the store can be ahead of
            // the event. Then a re-evaluation (becameLead, a changed RI) may already have mapped the newer view, and
            // mapping this older one now would publish a step back followed by a duplicate. A later event of the
            // object (update or delete) is queued behind this one and maps the current view.
            if (!isCurrent(object, store.getByKey(store.getKey(object)))) {
                return;
            }
            // Read under the lock: a rebind's re-evaluation must not be followed by a mapping with the old binding.
            mapUpsert(binding, object, received);
        }
    }

    /** True when {@code inStore} (the informer's current view of the object's key) is the event's version. */
    static boolean isCurrent(GenericKubernetesResource event, GenericKubernetesResource inStore) {
        return inStore != null && Objects.equals(inStore.getMetadata().getUid(), event.getMetadata().getUid())
                && Objects.equals(inStore.getMetadata().getResourceVersion(), event.getMetadata().getResourceVersion());
    }

    private void onDeleted(GenericKubernetesResource object) {
        long received = System.nanoTime();
        manager.metrics().watchEvent(binding.typeName(), WatchAction.DELETED);
        if (state != WatchState.WATCHING || !manager.isLead(this)) {
            return;
        }
        synchronized (mappingLock) {
            if (state == WatchState.STOPPED) {
                return;
            }
            try {
                if (IdentityItemStore.isIdentity(object)) {
                    // Noticed by a re-list: the store's identity is all that is left of the object.
                    manager.mapper().onDeleteOfUnknownFinalState(binding, toJson(object), received);
                } else {
                    manager.mapper().onDelete(binding, toJson(object), received);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not map the deletion of %s %s (uid %s)", gvk, displayName(object), uid(object));
            }
        }
    }

    private void mapUpsert(KindBinding current, GenericKubernetesResource object, long received) {
        try {
            manager.mapper().onUpsert(current, toJson(object), received);
        } catch (RuntimeException e) {
            // The evaluator turns RI failures into UNDEFINED events; reaching here is a bug or a Kafka client failure.
            LOG.errorf(e, "Could not map %s %s (uid %s)", gvk, displayName(object), uid(object));
        }
    }

    private JsonNode toJson(GenericKubernetesResource object) {
        return manager.trees().toTree(object);
    }

    private static String displayName(GenericKubernetesResource object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName();
    }

    private static String uid(GenericKubernetesResource object) {
        return object.getMetadata().getUid();
    }

    private final class EventHandler implements ResourceEventHandler<GenericKubernetesResource> {
        private final Store<GenericKubernetesResource> store;

        EventHandler(Store<GenericKubernetesResource> store) {
            this.store = store;
        }

        @Override
        public void onAdd(GenericKubernetesResource object) {
            onObject(store, object, WatchAction.ADDED);
        }

        @Override
        public void onUpdate(GenericKubernetesResource previous, GenericKubernetesResource object) {
            boolean resync = previous != null && previous.getMetadata().getResourceVersion() != null
                    && previous.getMetadata().getResourceVersion().equals(object.getMetadata().getResourceVersion());
            onObject(store, object, resync ? WatchAction.RESYNCED : WatchAction.UPDATED);
        }

        @Override
        public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
            onDeleted(object);
        }
    }
}
