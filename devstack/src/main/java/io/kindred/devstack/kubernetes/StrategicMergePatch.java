package io.kindred.devstack.kubernetes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies a Kubernetes strategic merge patch (what {@code kubectl apply} and {@code kubectl patch} send for built-in
 * kinds) without the API server's per-field patch metadata, which the mock server does not have. Lists of objects are
 * merged by the first of the usual merge keys ({@code name}, {@code containerPort}, {@code mountPath}, …) that every
 * patch element carries, other lists are replaced; the directives kubectl writes are honoured: {@code $patch}
 * (replace/delete/merge), {@code $retainKeys}, {@code $setElementOrder/<list>} and
 * {@code $deleteFromPrimitiveList/<list>}. That is the real behaviour for every list kubectl users commonly edit
 * (containers, env, ports, volumes, volumeMounts, conditions); a list the real server treats as atomic but whose
 * elements have a {@code name} is merged here instead of replaced.
 */
final class StrategicMergePatch {

    private static final List<String> MERGE_KEYS = List.of("name", "containerPort", "mountPath", "devicePath", "type",
            "port", "ip", "topologyKey", "key", "uid");
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Patches {@code target} in place and returns it (or the replacement a {@code $patch: replace} asks for). */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        if (!target.isObject()) {
            return withoutDirectives(patch);
        }
        String directive = patch.path("$patch").asText("merge");
        if ("replace".equals(directive)) {
            return withoutDirectives(patch);
        }
        ObjectNode object = (ObjectNode) target;
        if (patch.has("$retainKeys")) {
            Set<String> retained = new HashSet<>();
            patch.get("$retainKeys").forEach(key -> retained.add(key.asText()));
            object.retain(retained);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                JsonNode list = object.get(name.substring(DELETE_FROM_PRIMITIVE_LIST.length()));
                if (list instanceof ArrayNode array) {
                    Set<JsonNode> removed = new HashSet<>();
                    value.forEach(removed::add);
                    for (int i = array.size() - 1; i >= 0; i--) {
                        if (removed.contains(array.get(i))) {
                            array.remove(i);
                        }
                    }
                }
            } else if (name.startsWith("$")) {
                continue; // $patch, $retainKeys, $setElementOrder/… (used with their list below)
            } else if (value.isNull()) {
                object.remove(name);
            } else if (value.isObject()) {
                JsonNode current = object.get(name);
                if ("delete".equals(value.path("$patch").asText())) {
                    object.remove(name);
                } else {
                    object.set(name, apply(current == null ? object.objectNode() : current, value));
                }
            } else if (value.isArray()) {
                object.set(name, mergeList(object.get(name), (ArrayNode) value, patch.get(SET_ELEMENT_ORDER + name)));
            } else {
                object.set(name, value.deepCopy());
            }
        }
        return object;
    }

    private static JsonNode mergeList(JsonNode current, ArrayNode patch, JsonNode order) {
        String key = mergeKey(patch);
        if (key == null || !(current instanceof ArrayNode)) {
            ArrayNode replaced = patch.arrayNode();
            patch.forEach(element -> {
                if (!"delete".equals(element.path("$patch").asText())) {
                    replaced.add(withoutDirectives(element));
                }
            });
            return replaced;
        }
        List<JsonNode> merged = new ArrayList<>();
        current.forEach(merged::add);
        for (JsonNode element : patch) {
            JsonNode id = element.get(key);
            int index = indexOf(merged, key, id);
            if ("delete".equals(element.path("$patch").asText())) {
                if (index >= 0) {
                    merged.remove(index);
                }
            } else if (index >= 0) {
                merged.set(index, apply(merged.get(index), element));
            } else {
                merged.add(withoutDirectives(element));
            }
        }
        if (order instanceof ArrayNode) {
            List<JsonNode> ordered = new ArrayList<>();
            for (JsonNode wanted : order) {
                int index = indexOf(merged, key, wanted.get(key));
                if (index >= 0) {
                    ordered.add(merged.remove(index));
                }
            }
            ordered.addAll(merged);
            merged = ordered;
        }
        ArrayNode result = patch.arrayNode();
        merged.forEach(result::add);
        return result;
    }

    /** The first merge key every element of the patch list has, or null for a list to replace. */
    private static String mergeKey(ArrayNode patch) {
        if (patch.isEmpty()) {
            return null;
        }
        for (String key : MERGE_KEYS) {
            boolean everyElement = true;
            for (JsonNode element : patch) {
                everyElement &= element.isObject() && element.hasNonNull(key) && element.get(key).isValueNode();
            }
            if (everyElement) {
                return key;
            }
        }
        return null;
    }

    private static int indexOf(List<JsonNode> elements, String key, JsonNode id) {
        for (int i = 0; i < elements.size(); i++) {
            if (id != null && id.equals(elements.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode withoutDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().startsWith("$")) {
                    copy.set(field.getKey(), withoutDirectives(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(withoutDirectives(element)));
            return copy;
        }
        return node;
    }
}
