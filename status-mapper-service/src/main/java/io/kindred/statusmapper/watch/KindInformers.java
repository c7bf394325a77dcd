package io.kindred.statusmapper.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

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
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.statusmapper.metrics.StatusMapperMetrics.WatchAction;
import io.kindred.workloadtypes.KindBinding;

/**
 * The informer half of a {@link KindWatch}, once discovery found its kind served: runs one informer (or one per
 * configured namespace) and feeds their objects to the mapping path, event by event, all at once when the watch
 * becomes its type's lead or its RI changes, and reconciles the restored state store against the initial list.
 * <p>
 * Informer events arrive on the informer's own thread, re-evaluations on the watch manager's scheduler thread.
 * Mapping of this kind's objects happens under one lock, so an older view of an object can never be mapped after a
 * newer one.
 * <p>
 * The informers keep no objects, only each object's identity ({@link IdentityItemStore}): memory per watched object
 * does not depend on its size. What needs whole objects reads them from the API server instead: the mapping when the
 * watch becomes lead and after a changed RI lists the kind again, page by page.
 */
final class KindInformers {

    private static final Logger LOG = Logger.getLogger(KindInformers.class);

    private final KindWatch watch;
    private final WatchManager manager;
    private final GroupVersionKind gvk;
    private final Object mappingLock = new Object();
    /** Objects per list page, for the informers' lists and the re-evaluations' lists. */
    static final long LIST_PAGE = 500;

    /** One watched scope (all namespaces, or one namespace): what lists it, its informer and the informer's store. */
    private record Source(FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> lister, SharedIndexInformer<GenericKubernetesResource> informer,
            IdentityItemStore store) {
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private volatile boolean namespaced = true;

    KindInformers(KindWatch watch, WatchManager manager) {
        this.watch = watch;
        this.manager = manager;
        this.gvk = watch.gvk();
    }

    /** Scheduler thread. Starts the informers; the result completes when every one has its initial list. */
    CompletableFuture<Void> start(ResourceDefinitionContext context) {
        namespaced = context.isNamespaceScoped();
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
            informer.exceptionHandler((started, error) ->
                    watch.informerFailed((started ? "watch failed: " : "initial list failed: ") + error.getMessage()));
            sources.add(new Source(target, informer, store));
            synced.add(informer.start().toCompletableFuture());
        }
        return CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new));
    }

    /** Runs {@code step} while no object of this kind is being mapped. */
    void exclusiveOfMapping(Runnable step) {
        synchronized (mappingLock) {
            step.run();
        }
    }

    void stop() {
        sources.forEach(source -> source.informer().stop());
        sources.clear();
    }

    boolean namespaced() {
        return namespaced;
    }

    boolean connected() {
        return !sources.isEmpty() && sources.stream().allMatch(s -> s.informer().isWatching());
    }

    int objects() {
        return sources.stream().mapToInt(s -> s.store().size()).sum();
    }

    /**
     * Scheduler thread. Maps every object of the kind with the watch's current binding, read from the API server
     * (the informers keep identities only), then runs {@code then}. An object is mapped only when the informer's
     * store holds the listed version: when the store is behind, the newer version's event is still to come and maps
     * it; when it is ahead, its event is queued behind and maps it (the list is taken after the watch became lead, so
     * no such event was dropped). A failed list (API server unavailable, expired continue token) is started again
     * after the missing-kind backoff's first delay, for as long as the watch is its type's lead.
     */
    void reevaluateAll(Runnable then) {
        KindBinding current = watch.binding();
        int mapped = 0;
        try {
            for (Source source : sources) {
                Store<GenericKubernetesResource> store = source.informer().getStore();
                String page = null;
                do {
                    GenericKubernetesResourceList list = source.lister().list(new ListOptionsBuilder()
                            .withLimit(LIST_PAGE).withContinue(page).build());
                    for (GenericKubernetesResource object : list.getItems()) {
                        synchronized (mappingLock) {
                            if (watch.state() == WatchState.STOPPED) {
                                return;
                            }
                            if (isCurrent(object, store.getByKey(store.getKey(object)))) {
                                mapUpsert(current, object, System.nanoTime());
                                mapped++;
                            }
                        }
                    }
                    page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
                } while (page != null && !page.isEmpty());
            }
        } catch (KubernetesClientException e) {
            String message = "listing " + gvk + " to map its objects failed: " + e.getMessage();
            watch.informerFailed(message);
            long delay = manager.settings().missingKindBackoff().delayAfter(1).toMillis();
            LOG.warnf("%s; trying again in %d ms", message, delay);
            if (!manager.scheduler().isShutdown()) {
                manager.scheduler().schedule(WatchManager.guarded("mapping the objects of " + gvk, () -> {
                    if (mapsEvents()) {
                        reevaluateAll(then);
                    }
                }), delay, TimeUnit.MILLISECONDS);
            }
            return;
        }
        LOG.debugf("Mapped %d objects of %s from a fresh list", mapped, gvk);
        then.run();
    }

    /**
     * Scheduler thread. Publishes the deletion of every restored workload that the informers' lists no longer have;
     * forgets those of namespaces no longer watched.
     */
    void reconcile(List<WorkloadStatusEvent> restored) {
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

    private boolean mapsEvents() {
        return watch.state() == WatchState.WATCHING && manager.isLead(watch);
    }

    private void onObject(Store<GenericKubernetesResource> store, GenericKubernetesResource object, WatchAction action) {
        long received = System.nanoTime();
        manager.metrics().watchEvent(watch.typeName(), action);
        // The initial list is mapped in one go once it is complete (becameLead), not event by event. An object from
        // the store (a resync, or the initial list's adds handed over at its end) is an identity, not the object:
        // nothing to evaluate, and nothing new either (becameLead lists the objects themselves).
        if (!mapsEvents() || IdentityItemStore.isIdentity(object)) {
            return;
        }
        synchronized (mappingLock) {
            if (watch.state() == WatchState.STOPPED) {
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
            mapUpsert(watch.binding(), object, received);
        }
    }

    /** True when {@code inStore} (the informer's current view of the object's key) is the event's version. */
    static boolean isCurrent(GenericKubernetesResource event, GenericKubernetesResource inStore) {
        return inStore != null && Objects.equals(inStore.getMetadata().getUid(), event.getMetadata().getUid())
                && Objects.equals(inStore.getMetadata().getResourceVersion(), event.getMetadata().getResourceVersion());
    }

    private void onDeleted(GenericKubernetesResource object) {
        long received = System.nanoTime();
        manager.metrics().watchEvent(watch.typeName(), WatchAction.DELETED);
        if (!mapsEvents()) {
            return;
        }
        synchronized (mappingLock) {
            if (watch.state() == WatchState.STOPPED) {
                return;
            }
            try {
                if (IdentityItemStore.isIdentity(object)) {
                    // Noticed by a re-list: the store's identity is all that is left of the object.
                    manager.mapper().onDeleteOfUnknownFinalState(watch.binding(), toJson(object), received);
                } else {
                    manager.mapper().onDelete(watch.binding(), toJson(object), received);
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
