package io.kindred.statusmapper.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

class ObjectTreesTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void givesTheSameTreeAsJacksonForAnObjectReadFromTheApi() {
        String json = """
                {"apiVersion": "kubeflow.org/v1", "kind": "PyTorchJob",
                 "metadata": {"name": "mnist", "namespace": "team-a", "uid": "6f1d2c3b-0a9e-4c4f-9d57-1d2e3f405162",
                   "generation": 3, "resourceVersion": "981", "labels": {"app": "mnist"},
                   "annotations": {"kindred.io/queue": "gpu"}, "creationTimestamp": "2026-11-28T10:00:00Z",
                   "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "u-1",
                     "controller": true}]},
                 "spec": {"pytorchReplicaSpecs": {"Worker": {"replicas": 4, "template": {"spec": {"containers": [
                   {"name": "w", "image": "img", "resources": {"limits": {"nvidia.com/gpu": 1, "cpu": "500m"}}}]}}}},
                   "elasticPolicy": {"minReplicas": 2, "maxReplicas": 8, "ratio": 0.75, "big": 12345678901234},
                   "suspend": false, "nothing": null, "empty": {}, "list": [1, "two", 3.5, true, null, [], {}]},
                 "status": {"conditions": [{"type": "Running", "status": "True", "lastTransitionTime": "t"}]}}
                """;
        GenericKubernetesResource object = serialization.unmarshal(json, GenericKubernetesResource.class);
        JsonNode expected = serialization.convertValue(object, JsonNode.class);
        assertThat(new ObjectTrees(serialization).toTree(object)).isEqualTo(expected);
    }

    @Test
    void handlesValuesPutInTheMapByCode() {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("example.com/v1");
        object.setKind("Job");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 3);
        spec.put("ids", new ArrayList<>(Arrays.asList("a", "b")));
        spec.put("ratio", 1.5f);
        spec.put("count", 7L);
        spec.put("flags", List.of(true, false));
        object.setAdditionalProperty("spec", spec);
        JsonNode expected = serialization.convertValue(object, JsonNode.class);
        assertThat(new ObjectTrees(serialization).toTree(object)).isEqualTo(expected);
    }
}
