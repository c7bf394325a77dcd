package io.kindred.devstack.kubernetes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) as the mock API server answers it: the object an apply
 * yields, with field ownership recorded in {@code metadata.managedFields} (FieldsV1) as a real API server records it.
 * <ul>
 *   <li>an absent object is created from the applied configuration;</li>
 *   <li>otherwise the applied configuration is merged into the live object: maps field by field, every other value
 *       (lists included) as a whole — the default for custom resources without list-type markers;</li>
 *   <li>fields the same manager applied before and leaves out now are removed, unless another manager owns them;</li>
 *   <li>a field another applier owns and the apply would change is a conflict (409), unless the apply is forced, which
 *       takes the field over.</li>
 * </ul>
 * What differs from a real API server (documented in the devstack README): lists are always atomic (no merge by key,
 * e.g. of containers or ownerReferences), and only appliers own fields — a create, update or patch records no
 * manager, so an apply never conflicts with such a write and overwrites it.
 */
final class ServerSideApply {

    static final String CONTENT_TYPE = "application/apply-patch+yaml";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Identity and server-set fields: never owned, never taken from an applied configuration. */
    private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields",
            "selfLink");

    private ServerSideApply() {
    }

    /** The outcome: the object to store (unchanged: nothing to write), or the conflicts that refuse the apply. */
    record Result(ObjectNode object, List<String> conflicts, boolean changed) {
        boolean refused() {
            return !conflicts.isEmpty();
        }
    }

    /**
     * @param live    the stored object, or null when it does not exist
     * @param applied the applied configuration (apiVersion, kind, metadata.name and what the manager wants)
     */
    static Result apply(ObjectNode live, ObjectNode applied, String manager, boolean force, Instant now) {
        Set<List<String>> wanted = fields(applied);
        if (live == null) {
            ObjectNode created = applied.deepCopy();
            ObjectNode metadata = metadata(created);
            SERVER_METADATA.stream().filter(field -> !field.equals("name") && !field.equals("namespace"))
                    .forEach(metadata::remove);
            Map<String, Set<List<String>>> owners = new LinkedHashMap<>();
            owners.put(manager, wanted);
            setManagedFields(created, owners, Map.of(), manager, applied, now);
            return new Result(created, List.of(), true);
        }
        Map<String, Set<List<String>>> appliers = appliers(live);
        List<String> conflicts = new ArrayList<>();
        for (List<String> field : wanted) {
            JsonNode current = at(live, field);
            if (current == null || current.equals(at(applied, field))) {
                continue;
            }
            for (Map.Entry<String, Set<List<String>>> owner : appliers.entrySet()) {
                if (!owner.getKey().equals(manager) && owner.getValue().contains(field)) {
                    if (force) {
                        owner.getValue().remove(field);
                    } else {
                        conflicts.add("conflict with \"" + owner.getKey() + "\": " + dotted(field));
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            return new Result(live, conflicts, false);
        }
        ObjectNode result = live.deepCopy();
        Set<List<String>> before = appliers.getOrDefault(manager, Set.of());
        for (List<String> field : before) {
            if (!wanted.contains(field) && appliers.entrySet().stream()
                    .noneMatch(owner -> !owner.getKey().equals(manager) && owner.getValue().contains(field))) {
                remove(result, field);
            }
        }
        ObjectNode merged = applied.deepCopy();
        SERVER_METADATA.forEach(metadata(merged)::remove);
        merge(result, merged);
        appliers.put(manager, wanted);
        appliers.values().removeIf(Set::isEmpty);
        boolean changed = !withoutManagedFields(result).equals(withoutManagedFields(live))
                || !wanted.equals(before);
        setManagedFields(result, appliers, nonApplyEntries(live), manager, applied, changed ? now : null);
        return new Result(result, List.of(), changed);
    }

    /** The leaves of a configuration, as FieldsV1 paths ({@code f:spec}, {@code f:minMember}). */
    static Set<List<String>> fields(ObjectNode applied) {
        Set<List<String>> fields = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("apiVersion") || field.getKey().equals("kind")) {
                continue;
            }
            List<String> path = List.of("f:" + field.getKey());
            if (field.getKey().equals("metadata") && field.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> m = field.getValue().fields(); m.hasNext();) {
                    Map.Entry<String, JsonNode> meta = m.next();
                    if (!SERVER_METADATA.contains(meta.getKey())) {
                        leaves(append(path, "f:" + meta.getKey()), meta.getValue(), fields);
                    }
                }
            } else {
                leaves(path, field.getValue(), fields);
            }
        }
        return fields;
    }

    private static void leaves(List<String> path, JsonNode value, Set<List<String>> into) {
        if (value.isObject() && value.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                leaves(append(path, "f:" + field.getKey()), field.getValue(), into);
            }
        } else {
            into.add(path);
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(segment);
        return List.copyOf(longer);
    }

    /** The field sets of the managers that applied, from managedFields. */
    private static Map<String, Set<List<String>>> appliers(ObjectNode live) {
        Map<String, Set<List<String>>> owners = new LinkedHashMap<>();
        for (JsonNode entry : live.path("metadata").path("managedFields")) {
            if ("Apply".equals(entry.path("operation").asText()) && entry.path("fieldsV1").isObject()) {
                Set<List<String>> fields = new LinkedHashSet<>();
                fieldsOf(List.of(), entry.path("fieldsV1"), fields);
                owners.put(entry.path("manager").asText(), fields);
            }
        }
        return owners;
    }

    private static void fieldsOf(List<String> path, JsonNode node, Set<List<String>> into) {
        if (node.size() == 0) {
            if (!path.isEmpty()) {
                into.add(path);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            fieldsOf(append(path, field.getKey()), field.getValue(), into);
        }
    }

    private static Map<String, JsonNode> nonApplyEntries(ObjectNode live) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode entry : live.path("metadata").path("managedFields")) {
            if (!"Apply".equals(entry.path("operation").asText())) {
                entries.put(entry.path("manager").asText() + "\u0000" + entry.path("operation").asText(), entry);
            }
        }
        return entries;
    }

    /**
     * Writes managedFields: one Apply entry per applier (the given manager's stamped {@code now}, unless null: an
     * apply that changed nothing keeps its time), then the entries of other operations unchanged.
     */
    private static void setManagedFields(ObjectNode object, Map<String, Set<List<String>>> appliers,
            Map<String, JsonNode> others, String manager, ObjectNode applied, Instant now) {
        Map<String, JsonNode> previous = new LinkedHashMap<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            if ("Apply".equals(entry.path("operation").asText())) {
                previous.put(entry.path("manager").asText(), entry);
            }
        }
        ArrayNode entries = NODES.arrayNode();
        for (Map.Entry<String, Set<List<String>>> owner : appliers.entrySet()) {
            ObjectNode entry = NODES.objectNode();
            JsonNode before = previous.get(owner.getKey());
            entry.put("manager", owner.getKey());
            entry.put("operation", "Apply");
            boolean stamped = owner.getKey().equals(manager);
            entry.put("apiVersion", stamped || before == null ? applied.path("apiVersion").asText()
                    : before.path("apiVersion").asText());
            if (stamped && now != null) {
                entry.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
            } else if (before != null && before.has("time")) {
                entry.set("time", before.get("time"));
            }
            entry.put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", fieldsV1(owner.getValue()));
            entries.add(entry);
        }
        others.values().forEach(entries::add);
        metadata(object).set("managedFields", entries);
    }

    private static ObjectNode fieldsV1(Set<List<String>> fields) {
        ObjectNode root = NODES.objectNode();
        for (List<String> field : fields) {
            ObjectNode node = root;
            for (String segment : field) {
                node = node.has(segment) ? (ObjectNode) node.get(segment) : node.putObject(segment);
            }
        }
        return root;
    }

    /** The value at a FieldsV1 path, or null. */
    private static JsonNode at(JsonNode object, List<String> field) {
        JsonNode node = object;
        for (String segment : field) {
            node = node.get(segment.substring(2));
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static void remove(ObjectNode object, List<String> field) {
        JsonNode parent = at(object, field.subList(0, field.size() - 1));
        if (parent instanceof ObjectNode map) {
            map.remove(field.get(field.size() - 1).substring(2));
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = into.get(field.getKey());
            if (current instanceof ObjectNode currentMap && field.getValue() instanceof ObjectNode appliedMap) {
                merge(currentMap, appliedMap);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        return metadata instanceof ObjectNode map ? map : object.putObject("metadata");
    }

    private static JsonNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        metadata(copy).remove("managedFields");
        return copy;
    }

    private static String dotted(List<String> field) {
        StringBuilder path = new StringBuilder();
        for (String segment : field) {
            path.append('.').append(segment.substring(2));
        }
        return path.toString();
    }
}
