package io.kindred.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The custom workload kind of the demo and the end-to-end test: {@code TrainingRun} ({@code demo.kindred.io/v1}),
 * {@code spec.workers} worker pods that start together, {@code status.phase} as its state. Its RI is
 * {@code trainingrun-ri.yaml} next to this class.
 */
public final class DemoWorkload {

    public static final String GROUP = "demo.kindred.io";
    public static final String VERSION = "v1";
    public static final String KIND = "TrainingRun";
    public static final String PLURAL = "trainingruns";
    public static final String ROLE_LABEL = "demo.kindred.io/role";
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder().withGroup(GROUP)
            .withVersion(VERSION).withKind(KIND).withPlural(PLURAL).withNamespaced(true).build();
    /** The KAI PodGroups scheduler-adapter writes (its default backend). */
    public static final ResourceDefinitionContext KAI_POD_GROUPS = new ResourceDefinitionContext.Builder()
            .withGroup("scheduling.run.ai").withVersion("v2alpha2").withKind("PodGroup").withPlural("podgroups")
            .withNamespaced(true).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoWorkload() {
    }

    public static JsonNode resourceInterface() {
        try (InputStream in = DemoWorkload.class.getResourceAsStream("trainingrun-ri.yaml")) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The POST /api/v1/workload-types body. */
    public static ObjectNode createFields(RegistryClient registry) {
        ObjectNode fields = JSON.createObjectNode().put("name", KIND).put("group", GROUP)
                .put("categoryId", registry.categoryId("Train")).put("priorityId", registry.priorityId("low"));
        fields.putArray("resourceInterfaces").add(resourceInterface());
        return fields;
    }

    public static CustomResourceDefinition crd() {
        return CatalogCrds.crd(GROUP, KIND, List.of(VERSION));
    }

    public static void installCrd(KubernetesClient client) {
        CatalogCrds.install(client, List.of(crd()));
    }

    public static GenericKubernetesResource create(KubernetesClient client, String namespace, String name,
            int workers) {
        GenericKubernetesResource run = new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/" + VERSION).withKind(KIND)
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("workers", workers, "template",
                        Map.of("spec", Map.of("containers", List.of(Map.of("name", "train", "image", "busybox")))))))
                .build();
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(run).create();
    }

    /** Sets {@code status.phase} through the status subresource, as the kind's controller would. */
    public static void setPhase(KubernetesClient client, String namespace, String name, String phase) {
        GenericKubernetesResource current = client.genericKubernetesResources(CONTEXT).inNamespace(namespace)
                .withName(name).get();
        if (current == null) {
            throw new IllegalStateException(KIND + " " + namespace + "/" + name + " does not exist");
        }
        current.setAdditionalProperty("status", Map.of("phase", phase));
        client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(current).updateStatus();
    }

    /** {apiVersion, kind, name, uid} of the object, as an owner reference needs them. */
    public static ObjectNode owner(GenericKubernetesResource run) {
        return JSON.createObjectNode().put("apiVersion", run.getApiVersion()).put("kind", run.getKind())
                .put("name", run.getMetadata().getName()).put("uid", run.getMetadata().getUid());
    }

    public static ObjectNode workerLabels() {
        ObjectNode labels = JSON.createObjectNode();
        labels.put(ROLE_LABEL, "worker");
        return labels;
    }
}
