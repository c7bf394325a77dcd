package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kindred.devstack.junit.MockKubernetesExtension;

/**
 * A custom resource of a kind the mock API server has never seen, watched the way status-mapper-service will: create
 * the CRD, then a SharedIndexInformer over GenericKubernetesResource sees add, update and delete.
 */
class MockKubernetesInformerTest {

    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension();

    @Test
    void informerSeesAddUpdateAndDeleteOfACustomResource() throws Exception {
        KubernetesClient client = API.server().client();
        client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();
        ResourceDefinitionContext widgets = CustomResourceDefinitionContext.fromCrd(widgetCrd());

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(widgets)
                .inNamespace("default")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource widget) {
                        events.add("add " + widget.getMetadata().getName() + " " + phase(widget));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        events.add("update " + after.getMetadata().getName() + " " + phase(after));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource widget, boolean finalStateUnknown) {
                        events.add("delete " + widget.getMetadata().getName());
                    }
                })) {
            informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);

            // the discovery path: kind and apiVersion only, as a service that learns kinds at runtime does
            GenericKubernetesResource created = client.genericKubernetesResources("test.kindred.io/v1", "Widget")
                    .inNamespace("default").resource(widget("w1", "Pending")).create();
            // status is a subresource of this CRD, so (as on a real API server) create ignores it
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("add w1 none");

            created.setAdditionalProperty("status", Map.of("phase", "Running"));
            client.genericKubernetesResources(widgets).inNamespace("default").resource(created).updateStatus();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("update w1 Running");

            client.genericKubernetesResources(widgets).inNamespace("default").withName("w1").delete();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("delete w1");
        }
    }

    @Test
    void kubeconfigLetsAnotherClientIn(@TempDir Path directory) throws Exception {
        Path kubeconfig = API.server().writeKubeconfig(directory.resolve("kubeconfig.yaml"));
        assertThat(Files.readString(kubeconfig)).contains("server: " + API.server().apiServerUrl());

        Config config = Config.fromKubeconfig(kubeconfig.toFile());
        try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(other.getNamespace()).isEqualTo("default");
            other.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName("from-kubeconfig").endMetadata()
                    .withData(Map.of("k", "v")).build()).create();
        }
        assertThat(API.server().client().configMaps().inNamespace("default").withName("from-kubeconfig").get()
                .getData()).containsEntry("k", "v");
        assertThat(API.server().client().namespaces().withName("default").get()).isNotNull();
        assertThat(API.server().client().getKubernetesVersion().getMajor()).isEqualTo("1");
    }

    @Test
    void quarkusConfigPointsAtTheMockServer() {
        assertThat(API.server().quarkusConfig())
                .containsEntry("quarkus.kubernetes-client.api-server-url", API.server().apiServerUrl())
                .containsEntry("quarkus.kubernetes-client.trust-certs", "true")
                .containsEntry("quarkus.kubernetes-client.token", KubernetesBackend.MOCK_TOKEN)
                .containsEntry("quarkus.kubernetes-client.namespace", "default");
    }

    private static String phase(GenericKubernetesResource widget) {
        Object status = widget.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? String.valueOf(map.get("phase")) : "none";
    }

    private static GenericKubernetesResource widget(String name, String phase) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("test.kindred.io/v1")
                .withKind("Widget")
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 2))
                .addToAdditionalProperties("status", Map.of("phase", phase))
                .build();
    }

    private static CustomResourceDefinition widgetCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets.test.kindred.io").endMetadata()
                .withNewSpec()
                .withGroup("test.kindred.io")
                .withScope("Namespaced")
                .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget")
                .withListKind("WidgetList").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
