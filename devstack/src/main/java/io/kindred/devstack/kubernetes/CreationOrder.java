package io.kindred.devstack.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/**
 * Which object was created first, for tests that must show an order (a PodGroup before the workload it gangs): the
 * devstack's API server numbers every write with one counter, so the resourceVersion an object was ADDED with orders
 * creations across kinds. (A real API server's resourceVersions are opaque; this is for the devstack only.)
 */
public final class CreationOrder {

    private CreationOrder() {
    }

    /**
     * Records {@code "<Kind>/<name>" → resourceVersion at creation} for every object of {@code context} added in the
     * namespace while the watch is open. Close the returned watch when done.
     */
    public static Watch record(KubernetesClient client, ResourceDefinitionContext context, String namespace,
            Map<String, Long> createdAt) {
        return client.genericKubernetesResources(context).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.ADDED) {
                    createdAt.putIfAbsent(resource.getKind() + "/" + resource.getMetadata().getName(),
                            Long.parseLong(resource.getMetadata().getResourceVersion()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test closes it; nothing to recover
            }
        });
    }
}
