package io.kindred.statusmapper.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.Informable;
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
 */
final class KindInformers {

    private static final Logger LOG = Logger.getLogger(KindInformers.class);

    private final KindWatch watch;
    private final WatchManager manager;
    private final GroupVersionKind gvk;
    private final Object mappingLock = new Object();
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new CopyOnWriteArrayList<>();
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
        List<Informable<GenericKubernetesResource>> targets = new ArrayList<>();
        List<String> namespaces = manager.settings().namespaces();
        if (namespaced && !namespaces.isEmpty()) {
            namespaces.forEach(ns -> targets.add(ops.inNamespace(ns)));
        } else {
            targets.add(ops.inAnyNamespace());
        }
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        long resync = manager.settings().resyncPeriod().toMillis();
        for (Informable<GenericKubernetesResource> target : targets) {
            SharedIndexInformer<GenericKubernetesResource> informer = target.runnableInformer(resync);
            informer.addEventHandler(new EventHandler(informer.getStore()));
            // Never give up: a kind that is forbidden or briefly unavailable must recover without a restart.
            informer.exceptionHandler((started, error) ->
                    watch.informerFailed((started ? "watch failed: " : "initial list failed: ") + error.getMessage()));
            informers.add(informer);
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
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    boolean namespaced() {
        return namespaced;
    }

    boolean connected() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    int objects() {
        return informers.stream().mapToInt(i -> i.getStore().list().size()).sum();
    }

    /** Scheduler thread. Maps every object the informers hold, with the watch's current binding. */
    void reevaluateAll() {
        KindBinding current = watch.binding();
        for (SharedIndexInformer<GenericKubernetesResource> informer : informers) {
            for (String key : informer.getStore().listKeys()) {
                synchronized (mappingLock) {
                    GenericKubernetesResource latest = informer.getStore().getByKey(key);
                    if (latest != null) {
                        mapUpsert(current, latest, System.nanoTime());
                    }
                }
            }
        }
    }

    /**
     * Scheduler thread. Publishes the deletion of every restored workload that the informers' lists no longer have;
     * forgets those of namespaces no longer watched.
     */
    void reconcile(List<WorkloadStatusEvent> restored) {
        Set<String> listed = new HashSet<>();
        for (SharedIndexInformer<GenericKubernetesResource> informer : informers) {
            for (GenericKubernetesResource object : informer.getStore().list()) {
                listed.add(object.getMetadata().getUid());
            }
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
        // The initial list is mapped in one go once it is complete (becameLead), not event by event.
        if (!mapsEvents()) {
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
                manager.mapper().onDelete(watch.binding(), toJson(object), received);
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
