package io.kindred.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.ri.catalog.BuiltinCatalog;

/**
 * The end-to-end test's Workloads V2 kind: a custom {@code E2eTrainJob} ({@code e2e.kindred.io/v1}) shaped like a
 * PyTorchJob, registered with the catalog's PyTorchJob RI moved to its group and kind (Master and Worker replica
 * specs, conditions Created / Running / Succeeded, one gang over the whole job).
 */
final class V2Job {

    static final String GROUP = "e2e.kindred.io";
    static final String KIND = "E2eTrainJob";
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder().withGroup(GROUP)
            .withVersion("v1").withKind(KIND).withPlural("e2etrainjobs").withNamespaced(true).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private V2Job() {
    }

    static void installCrd(KubernetesClient client) {
        CatalogCrds.install(client, List.of(CatalogCrds.crd(GROUP, KIND, List.of("v1"))));
    }

    /** The POST /api/v1/workload-types body. */
    static ObjectNode createFields(RegistryClient registry) {
        String ri;
        try (InputStream in = BuiltinCatalog.class.getClassLoader()
                .getResourceAsStream(BuiltinCatalog.DIRECTORY + "pytorchjob.yaml")) {
            ri = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode moved;
        try {
            moved = new YAMLMapper().readTree(ri.replace("kubeflow.org", GROUP).replace("PyTorchJob", KIND));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode fields = JSON.createObjectNode().put("name", KIND).put("group", GROUP)
                .put("categoryId", registry.categoryId("Train")).put("priorityId", registry.priorityId("low"));
        fields.putArray("resourceInterfaces").add(moved);
        return fields;
    }

    /** A POST /api/v2/workloads body: one master and {@code workers} workers. */
    static ObjectNode submission(String projectId, String name, int workers) {
        ObjectNode manifest = JSON.createObjectNode().put("apiVersion", GROUP + "/v1").put("kind", KIND);
        manifest.putObject("metadata").put("name", name);
        ObjectNode replicas = manifest.putObject("spec").putObject("pytorchReplicaSpecs");
        for (Map.Entry<String, Integer> replica : List.of(Map.entry("Master", 1), Map.entry("Worker", workers))) {
            ObjectNode spec = replicas.putObject(replica.getKey()).put("replicas", replica.getValue());
            spec.putObject("template").putObject("spec").putArray("containers").addObject().put("name", "pytorch")
                    .put("image", "pytorch:2");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("metadata").put("projectId", projectId).put("name", name);
        body.set("manifest", manifest);
        return body;
    }

    static GenericKubernetesResource get(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName(name).get();
    }

    /** Sets these conditions True (and nothing else) through the status subresource, as the job's controller would. */
    static void setConditions(KubernetesClient client, String namespace, String name, String... types) {
        GenericKubernetesResource current = get(client, namespace, name);
        if (current == null) {
            throw new IllegalStateException(KIND + " " + namespace + "/" + name + " does not exist");
        }
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (String type : types) {
            conditions.add(Map.of("type", type, "status", "True", "reason", "E2e" + type));
        }
        current.setAdditionalProperty("status", Map.of("conditions", conditions));
        client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(current).updateStatus();
    }
}
