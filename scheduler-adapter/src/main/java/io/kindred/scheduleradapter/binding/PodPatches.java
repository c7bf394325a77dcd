package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.scheduleradapter.backend.PodBinding;
import java.util.Map;

/**
 * JSON patches (RFC 6902) that bind a pod to its gang and hold or release it with the adapter's scheduling gate.
 * Only what differs is patched; a pod that already carries its binding gets an empty patch.
 */
public final class PodPatches {

    /** The scheduling gate that holds a pod until its group exists and it carries its binding. */
    public static final String GATE = "kindred.io/gang";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PodPatches() {
    }

    /** Adds the binding's labels and annotations and, when {@code gate}, the scheduling gate. */
    public static ArrayNode bind(JsonNode pod, PodBinding binding, boolean gate) {
        ArrayNode ops = JSON.arrayNode();
        putAll(ops, pod.path("metadata").path("labels"), "/metadata/labels", binding.labels());
        putAll(ops, pod.path("metadata").path("annotations"), "/metadata/annotations", binding.annotations());
        if (gate && !hasGate(pod)) {
            ops.addAll(addGate(pod));
        }
        return ops;
    }

    /** Only the scheduling gate (a pod whose owner is not known yet, held until the reconciler decides). */
    public static ArrayNode addGate(JsonNode pod) {
        ArrayNode ops = JSON.arrayNode();
        if (hasGate(pod)) {
            return ops;
        }
        ObjectNode gate = JSON.objectNode().put("name", GATE);
        JsonNode gates = pod.path("spec").path("schedulingGates");
        if (gates.isArray()) {
            ops.add(JSON.objectNode().put("op", "add").put("path", "/spec/schedulingGates/-").set("value", gate));
        } else {
            ops.add(JSON.objectNode().put("op", "add").put("path", "/spec/schedulingGates")
                    .set("value", JSON.arrayNode().add(gate)));
        }
        return ops;
    }

    /** Removes the adapter's gate, guarded by a test so a concurrent change of the gates fails the patch. */
    public static ArrayNode removeGate(JsonNode pod) {
        ArrayNode ops = JSON.arrayNode();
        JsonNode gates = pod.path("spec").path("schedulingGates");
        for (int i = 0; i < gates.size(); i++) {
            if (GATE.equals(gates.get(i).path("name").asText())) {
                String path = "/spec/schedulingGates/" + i;
                ops.add(JSON.objectNode().put("op", "test").put("path", path + "/name").put("value", GATE));
                ops.add(JSON.objectNode().put("op", "remove").put("path", path));
                break;
            }
        }
        return ops;
    }

    public static boolean hasGate(JsonNode pod) {
        for (JsonNode gate : pod.path("spec").path("schedulingGates")) {
            if (GATE.equals(gate.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** True when the pod already carries every label and annotation of {@code binding}. */
    public static boolean carries(JsonNode pod, PodBinding binding) {
        return containsAll(pod.path("metadata").path("labels"), binding.labels())
                && containsAll(pod.path("metadata").path("annotations"), binding.annotations());
    }

    private static boolean containsAll(JsonNode actual, Map<String, String> wanted) {
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            JsonNode value = actual.get(entry.getKey());
            if (value == null || !entry.getValue().equals(value.asText())) {
                return false;
            }
        }
        return true;
    }

    private static void putAll(ArrayNode ops, JsonNode existing, String path, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        if (!existing.isObject()) {
            ObjectNode all = JSON.objectNode();
            wanted.forEach(all::put);
            ops.add(JSON.objectNode().put("op", "add").put("path", path).set("value", all));
            return;
        }
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            JsonNode value = existing.get(entry.getKey());
            if (value != null && entry.getValue().equals(value.asText())) {
                continue;
            }
            // "add" replaces an existing member (RFC 6902 §4.1).
            ops.add(JSON.objectNode().put("op", "add").put("path", path + "/" + escape(entry.getKey()))
                    .put("value", entry.getValue()));
        }
    }

    /** JSON pointer escaping (RFC 6901): '~' → '~0', '/' → '~1'. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
