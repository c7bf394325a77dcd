package io.kindred.scheduleradapter.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kindred.scheduleradapter.backend.Backend;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The PodGroups this adapter made (label {@code app.kubernetes.io/managed-by=kindred-scheduler-adapter}), as a watch
 * keeps them: the live state the writer compares against before it writes (so a replayed event writes nothing), the
 * groups of a workload to release, and the signal that a group now exists (to let its gated pods go). No API GET.
 */
public final class PodGroupStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodGroupStore.class);
    private static final String BY_WORKLOAD = "workload";

    private final KubernetesClient client;
    private final Backend backend;
    private final List<Consumer<GenericKubernetesResource>> onAdded = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    public PodGroupStore(KubernetesClient client, Backend backend) {
        this.client = client;
        this.backend = backend;
    }

    public static ResourceDefinitionContext context(Backend backend) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(backend.group())
                .withVersion(backend.version())
                .withKind(backend.kind())
                .withPlural(backend.plural())
                .withNamespaced(true)
                .build();
    }

    /** Starts the watch; the returned informer may still be syncing. */
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<GenericKubernetesResource> started = client.genericKubernetesResources(context(backend))
                .inAnyNamespace()
                .withLabel(Backend.MANAGED_BY_LABEL, Backend.MANAGED_BY)
                .runnableInformer(0);
        started.addIndexers(Map.of(BY_WORKLOAD, group -> {
            String uid = group.getMetadata().getLabels() == null ? null
                    : group.getMetadata().getLabels().get(Backend.WORKLOAD_UID_LABEL);
            return uid == null ? List.of() : List.of(uid);
        }));
        started.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource group) {
                onAdded.forEach(listener -> listener.accept(group));
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            }

            @Override
            public void onDelete(GenericKubernetesResource group, boolean unknownFinalState) {
            }
        });
        started.exceptionHandler((running, failure) -> {
            LOG.warnf("Watch of %s PodGroups failed (%s); retrying", backend.id(), failure.toString());
            return true;
        });
        informer = started;
        started.start();
    }

    /** Called (on the watch thread) for every group that appears, including those listed at start. */
    public void onGroupAdded(Consumer<GenericKubernetesResource> listener) {
        onAdded.add(listener);
    }

    public boolean hasSynced() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current != null && current.hasSynced();
    }

    public GenericKubernetesResource get(String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current == null ? null : current.getStore().getByKey(namespace + "/" + name);
    }

    /** The groups of one workload, by its root UID. */
    public List<GenericKubernetesResource> ofWorkload(String uid) {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current == null ? Collections.emptyList() : current.getIndexer().byIndex(BY_WORKLOAD, uid);
    }

    public int size() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current == null ? 0 : current.getStore().list().size();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }
}
