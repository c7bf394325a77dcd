package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.scheduleradapter.cluster.TrimmingItemStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every object of every registered kind (Pods excepted: a pod is never another pod's owner), kept by a watch per
 * kind and indexed by UID, so the webhook and the reconciler walk a pod's owner chain and read its root without a
 * single API request. Objects are kept without {@code metadata.managedFields}, which nothing here reads.
 *
 * <p>A kind whose CRD is not installed yet is looked up again every {@code retry} until it is.
 */
public final class RegisteredObjects implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegisteredObjects.class);
    private static final String BY_UID = "uid";

    private final KubernetesClient client;
    private final Duration retry;
    private final Map<GroupVersionKind, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private final Map<GroupVersionKind, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "registered-objects-discovery");
        thread.setDaemon(true);
        return thread;
    });

    public RegisteredObjects(KubernetesClient client, Duration retry) {
        this.client = client;
        this.retry = retry;
    }

    /** Starts watching {@code gvk} (no-op for Pods and for a kind already watched). */
    public synchronized void watch(GroupVersionKind gvk) {
        if (isPod(gvk) || informers.containsKey(gvk) || pending.containsKey(gvk)) {
            return;
        }
        pending.put(gvk, retries.schedule(() -> tryStart(gvk), 0, TimeUnit.MILLISECONDS));
    }

    public synchronized void unwatch(GroupVersionKind gvk) {
        ScheduledFuture<?> scheduled = pending.remove(gvk);
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        SharedIndexInformer<GenericKubernetesResource> informer = informers.remove(gvk);
        if (informer != null) {
            informer.close();
        }
    }

    /** Synchronized with {@link #watch}: the task it schedules must see the pending entry watch() puts. */
    private synchronized void tryStart(GroupVersionKind gvk) {
        if (!pending.containsKey(gvk)) {
            return; // unwatched meanwhile
        }
        try {
            ResourceDefinitionContext context = discover(gvk);
            if (context == null) {
                LOG.debugf("Kind %s is not served yet; looking again in %s", gvk, retry);
                pending.put(gvk, retries.schedule(() -> tryStart(gvk), retry.toMillis(), TimeUnit.MILLISECONDS));
                return;
            }
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(context)
                    .inAnyNamespace().runnableInformer(0);
            informer.addIndexers(Map.of(BY_UID, object -> List.of(object.getMetadata().getUid())));
            informer.itemStore(TrimmingItemStore.withoutManagedFields());
            informer.exceptionHandler((running, failure) -> {
                LOG.warnf("Watch of %s failed (%s); retrying", gvk, failure.toString());
                return true;
            });
            informers.put(gvk, informer);
            pending.remove(gvk);
            informer.start();
            LOG.infof("Caching objects of %s for owner lookups", gvk);
        } catch (RuntimeException e) {
            LOG.warnf("Cannot watch %s yet (%s); looking again in %s", gvk, e.toString(), retry);
            pending.put(gvk, retries.schedule(() -> tryStart(gvk), retry.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private ResourceDefinitionContext discover(GroupVersionKind gvk) {
        APIResourceList resources = gvk.group().isEmpty()
                ? client.getApiResources(gvk.version())
                : client.getApiResources(gvk.apiVersion());
        if (resources == null || resources.getResources() == null) {
            return null;
        }
        for (APIResource resource : resources.getResources()) {
            if (gvk.kind().equals(resource.getKind()) && !resource.getName().contains("/")) {
                return new ResourceDefinitionContext.Builder()
                        .withGroup(gvk.group()).withVersion(gvk.version()).withKind(gvk.kind())
                        .withPlural(resource.getName())
                        .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
                        .build();
            }
        }
        return null;
    }

    /** The object with that UID as the cache holds it (not a copy: do not modify), or {@code null}. */
    public GenericKubernetesResource get(String uid) {
        for (SharedIndexInformer<GenericKubernetesResource> informer : informers.values()) {
            List<GenericKubernetesResource> found = informer.getIndexer().byIndex(BY_UID, uid);
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }

    /** The object with that UID, as JSON, or {@code null} when no watched kind has it. */
    public JsonNode byUid(String uid) {
        GenericKubernetesResource found = get(uid);
        return found == null ? null : Serialization.jsonMapper().valueToTree(found);
    }

    /** Every kind asked for: watched, or waiting for its CRD. */
    public synchronized Set<GroupVersionKind> kinds() {
        Set<GroupVersionKind> all = new java.util.HashSet<>(informers.keySet());
        all.addAll(pending.keySet());
        return all;
    }

    /** The kinds watched, and those still waiting for their CRD. */
    public Set<GroupVersionKind> watched() {
        return Set.copyOf(informers.keySet());
    }

    public Set<GroupVersionKind> waitingForKind() {
        return Set.copyOf(pending.keySet());
    }

    private static boolean isPod(GroupVersionKind gvk) {
        return gvk.group().isEmpty() && gvk.kind().equals("Pod");
    }

    @Override
    public void close() {
        retries.shutdownNow();
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
