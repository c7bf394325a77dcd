package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kindred.devstack.DevstackEnvironment;

/**
 * "The Kubernetes API is unavailable for a while": the server goes away (its port refuses connections), comes back on
 * the same port with its objects, and an informer that was watching before sees what changed after the restart —
 * including a deletion made before it reconnected, which only a relist (410 Gone on the stale watch) can show.
 */
class MockKubernetesRestartTest {

    @Test
    void serverRestartsOnTheSamePortWithItsObjectsAndInformersSeeDeletionsMadeBeforeTheyReconnect() throws Exception {
        try (MockKubernetes kubernetes = MockKubernetes.start(0)) {
            int port = URI.create(kubernetes.apiServerUrl()).getPort();
            KubernetesClient client = kubernetes.client();
            client.configMaps().inNamespace("default").resource(configMap("kept", "1")).create();
            client.configMaps().inNamespace("default").resource(configMap("deleted-in-the-gap", "1")).create();

            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (KubernetesClient watching = kubernetes.newClient();
                    SharedIndexInformer<ConfigMap> informer = watching.configMaps().inNamespace("default")
                            .inform(recorder(events))) {
                assertThat(events.poll(30, TimeUnit.SECONDS)).startsWith("add ");
                assertThat(events.poll(30, TimeUnit.SECONDS)).startsWith("add ");
                // an event after the list, so the informer resumes from a resourceVersion of its own
                client.configMaps().inNamespace("default").withName("kept").edit(cm -> data(cm, "2"));
                assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("update kept 2");

                kubernetes.stopServer();
                assertThat(DevstackEnvironment.reachable("localhost", port)).as("API port while stopped").isFalse();
                kubernetes.stopServer(); // idempotent
                Thread.sleep(3000); // the informer's watch fails and backs off

                kubernetes.startServer();
                kubernetes.startServer(); // idempotent
                assertThat(kubernetes.apiServerUrl()).endsWith(":" + port);
                // before the informer reconnects (its back-off is a second or more)
                try (KubernetesClient other = kubernetes.newClient()) {
                    other.configMaps().inNamespace("default").withName("deleted-in-the-gap").delete();
                    assertThat(other.configMaps().inNamespace("default").withName("kept").get().getData())
                            .containsEntry("value", "2");
                }
                boolean seen = poll(events, "delete deleted-in-the-gap");
                assertThat(seen).as("the deletion made before the informer reconnected; requests: %s",
                        kubernetes.takeRequests()).isTrue();
                client.configMaps().inNamespace("default").withName("kept").edit(cm -> data(cm, "3"));
                assertThat(poll(events, "update kept 3")).isTrue();
            }
        }
    }

    private static boolean poll(BlockingQueue<String> events, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String event = events.poll(1, TimeUnit.SECONDS);
            if (wanted.equals(event)) {
                return true;
            }
        }
        return false;
    }

    private static ResourceEventHandler<ConfigMap> recorder(BlockingQueue<String> events) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                events.add("add " + cm.getMetadata().getName() + " " + cm.getData().get("value"));
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                if (!before.getData().equals(after.getData())) {
                    events.add("update " + after.getMetadata().getName() + " " + after.getData().get("value"));
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                events.add("delete " + cm.getMetadata().getName());
            }
        };
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("value", value)).build();
    }

    private static ConfigMap data(ConfigMap cm, String value) {
        cm.setData(Map.of("value", value));
        return cm;
    }
}
