package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrategicMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mergesListsOfObjectsByNameAndHonoursKubectlDirectives() throws Exception {
        JsonNode target = json("""
                {"spec": {"replicas": 1, "paused": true, "containers": [
                  {"name": "web", "image": "nginx:1", "ports": [{"containerPort": 80}]},
                  {"name": "side", "image": "busybox"},
                  {"name": "old", "image": "x"}]}}""");
        JsonNode patch = json("""
                {"spec": {"replicas": 3, "paused": null,
                  "$setElementOrder/containers": [{"name": "side"}, {"name": "web"}],
                  "containers": [{"name": "web", "image": "nginx:2"}, {"name": "old", "$patch": "delete"}]}}""");
        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("""
                {"spec": {"replicas": 3, "containers": [
                  {"name": "side", "image": "busybox"},
                  {"name": "web", "image": "nginx:2", "ports": [{"containerPort": 80}]}]}}"""));
    }

    @Test
    void replacesListsWithoutAMergeKeyAndHonoursReplaceAndPrimitiveDeletes() throws Exception {
        JsonNode target = json("""
                {"args": ["a", "b"], "finalizers": ["x", "y"], "selector": {"a": "1", "b": "2"}}""");
        JsonNode patch = json("""
                {"args": ["c"], "$deleteFromPrimitiveList/finalizers": ["x"],
                 "selector": {"$patch": "replace", "c": "3"}}""");
        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("""
                {"args": ["c"], "finalizers": ["y"], "selector": {"c": "3"}}"""));
    }

    @Test
    void retainKeysDropsTheFieldsNotListed() throws Exception {
        JsonNode target = json("""
                {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}""");
        JsonNode patch = json("""
                {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}""");
        assertThat(StrategicMergePatch.apply(target, patch)).isEqualTo(json("""
                {"strategy": {"type": "Recreate"}}"""));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
