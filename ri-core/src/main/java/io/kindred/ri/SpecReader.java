package io.kindred.ri;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.ComponentInstanceSelector;
import io.kindred.ri.model.ComponentTypeSelector;
import io.kindred.ri.model.ConditionsDefinition;
import io.kindred.ri.model.ExpectedCondition;
import io.kindred.ri.model.ExpressionMatcher;
import io.kindred.ri.model.FragmentedPodSpecDefinition;
import io.kindred.ri.model.GangScheduling;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.OptimizationInstructions;
import io.kindred.ri.model.PhaseDefinition;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ReplicaSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.model.ScaleDefinition;
import io.kindred.ri.model.SpecDefinition;
import io.kindred.ri.model.StatusDefinition;
import io.kindred.ri.model.StatusMappings;
import io.kindred.ri.model.StatusMatcher;
import io.kindred.ri.model.StructureDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Maps a Jackson tree onto the model, field by field, so that every unknown field and every mistyped value is
 * reported with its JSON path. A JSON {@code null} counts as absent, as the Kubernetes API server treats it.
 *
 * <p>Only the shape is checked here (which fields exist, their JSON types, that {@code structureDefinition} and
 * {@code rootComponent} are present). What values mean is {@link io.kindred.ri.validate.RiValidator}'s job, so that
 * it can report every semantic problem at once.
 */
final class SpecReader {

    private SpecReader() {
    }

    static ResourceInterfaceSpec spec(JsonNode node, String path) {
        requireObject(node, path, "structureDefinition", "optimizationInstructions");
        JsonNode structure = node.get("structureDefinition");
        if (absent(structure)) {
            throw new RiParseException(path + ".structureDefinition", "required field is missing");
        }
        return new ResourceInterfaceSpec(
                structure(structure, path + ".structureDefinition"),
                optional(node, "optimizationInstructions", path, SpecReader::optimization));
    }

    private static StructureDefinition structure(JsonNode node, String path) {
        requireObject(node, path, "rootComponent", "childComponents", "additionalChildKinds");
        JsonNode root = node.get("rootComponent");
        if (absent(root)) {
            throw new RiParseException(path + ".rootComponent", "required field is missing");
        }
        return new StructureDefinition(
                component(root, path + ".rootComponent"),
                list(node, "childComponents", path, SpecReader::component),
                list(node, "additionalChildKinds", path, SpecReader::gvk));
    }

    private static ComponentDefinition component(JsonNode node, String path) {
        requireObject(node, path, "name", "kind", "ownerRef", "specDefinition", "scaleDefinition", "statusDefinition",
                "instanceIdPath", "podSelector");
        return new ComponentDefinition(
                string(node, "name", path),
                optional(node, "kind", path, SpecReader::gvk),
                string(node, "ownerRef", path),
                optional(node, "specDefinition", path, SpecReader::specDefinition),
                optional(node, "scaleDefinition", path, SpecReader::scale),
                optional(node, "statusDefinition", path, SpecReader::status),
                jq(node, "instanceIdPath", path),
                optional(node, "podSelector", path, SpecReader::podSelector));
    }

    private static GroupVersionKind gvk(JsonNode node, String path) {
        requireObject(node, path, "group", "version", "kind");
        return new GroupVersionKind(string(node, "group", path), string(node, "version", path), string(node, "kind", path));
    }

    private static SpecDefinition specDefinition(JsonNode node, String path) {
        requireObject(node, path, "podTemplateSpecPath", "podSpecPath", "metadataPath", "fragmentedPodSpecDefinition");
        return new SpecDefinition(
                jq(node, "podTemplateSpecPath", path),
                jq(node, "podSpecPath", path),
                jq(node, "metadataPath", path),
                optional(node, "fragmentedPodSpecDefinition", path, SpecReader::fragmented));
    }

    private static FragmentedPodSpecDefinition fragmented(JsonNode node, String path) {
        requireObject(node, path, "schedulerNamePath", "labelsPath", "annotationsPath", "resourcesPath",
                "resourceClaimsPath", "podAffinityPath", "nodeAffinityPath", "containersPath", "containerPath",
                "priorityClassNamePath", "imagePath");
        return new FragmentedPodSpecDefinition(
                jq(node, "schedulerNamePath", path),
                jq(node, "labelsPath", path),
                jq(node, "annotationsPath", path),
                jq(node, "resourcesPath", path),
                jq(node, "resourceClaimsPath", path),
                jq(node, "podAffinityPath", path),
                jq(node, "nodeAffinityPath", path),
                jq(node, "containersPath", path),
                jq(node, "containerPath", path),
                jq(node, "priorityClassNamePath", path),
                jq(node, "imagePath", path));
    }

    private static ScaleDefinition scale(JsonNode node, String path) {
        requireObject(node, path, "replicasPath", "minReplicasPath", "maxReplicasPath");
        return new ScaleDefinition(
                jq(node, "replicasPath", path),
                jq(node, "minReplicasPath", path),
                jq(node, "maxReplicasPath", path));
    }

    private static StatusDefinition status(JsonNode node, String path) {
        requireObject(node, path, "phaseDefinition", "conditionsDefinition", "statusMappings");
        return new StatusDefinition(
                optional(node, "phaseDefinition", path, SpecReader::phase),
                optional(node, "conditionsDefinition", path, SpecReader::conditions),
                optional(node, "statusMappings", path, SpecReader::mappings));
    }

    private static PhaseDefinition phase(JsonNode node, String path) {
        requireObject(node, path, "path");
        return new PhaseDefinition(jq(node, "path", path));
    }

    private static ConditionsDefinition conditions(JsonNode node, String path) {
        requireObject(node, path, "path", "typeFieldName", "statusFieldName", "messageFieldName", "reasonFieldName");
        return new ConditionsDefinition(
                jq(node, "path", path),
                string(node, "typeFieldName", path),
                string(node, "statusFieldName", path),
                string(node, "messageFieldName", path),
                string(node, "reasonFieldName", path));
    }

    private static StatusMappings mappings(JsonNode node, String path) {
        requireObject(node, path, "initializing", "running", "completed", "failed", "degraded");
        return new StatusMappings(
                list(node, "initializing", path, SpecReader::matcher),
                list(node, "running", path, SpecReader::matcher),
                list(node, "completed", path, SpecReader::matcher),
                list(node, "failed", path, SpecReader::matcher),
                list(node, "degraded", path, SpecReader::matcher));
    }

    private static StatusMatcher matcher(JsonNode node, String path) {
        requireObject(node, path, "byPhase", "byConditions", "byExpression");
        return new StatusMatcher(
                string(node, "byPhase", path),
                list(node, "byConditions", path, SpecReader::expectedCondition),
                optional(node, "byExpression", path, SpecReader::expression));
    }

    private static ExpectedCondition expectedCondition(JsonNode node, String path) {
        requireObject(node, path, "type", "status", "reason");
        return new ExpectedCondition(string(node, "type", path), string(node, "status", path), string(node, "reason", path));
    }

    private static ExpressionMatcher expression(JsonNode node, String path) {
        requireObject(node, path, "expression", "expectedResult");
        return new ExpressionMatcher(jq(node, "expression", path), string(node, "expectedResult", path));
    }

    private static PodSelector podSelector(JsonNode node, String path) {
        requireObject(node, path, "componentTypeSelector", "componentInstanceSelector", "replicaSelector");
        return new PodSelector(
                optional(node, "componentTypeSelector", path, (n, p) -> {
                    requireObject(n, p, "keyPath", "value");
                    return new ComponentTypeSelector(jq(n, "keyPath", p), string(n, "value", p));
                }),
                optional(node, "componentInstanceSelector", path, (n, p) -> {
                    requireObject(n, p, "idPath");
                    return new ComponentInstanceSelector(jq(n, "idPath", p));
                }),
                optional(node, "replicaSelector", path, (n, p) -> {
                    requireObject(n, p, "keyPath");
                    return new ReplicaSelector(jq(n, "keyPath", p));
                }));
    }

    private static OptimizationInstructions optimization(JsonNode node, String path) {
        requireObject(node, path, "gangScheduling");
        return new OptimizationInstructions(optional(node, "gangScheduling", path, (n, p) -> {
            requireObject(n, p, "podGroups");
            return new GangScheduling(list(n, "podGroups", p, SpecReader::podGroup));
        }));
    }

    private static PodGroupDefinition podGroup(JsonNode node, String path) {
        requireObject(node, path, "name", "members");
        return new PodGroupDefinition(string(node, "name", path), list(node, "members", path, SpecReader::member));
    }

    private static PodGroupMember member(JsonNode node, String path) {
        requireObject(node, path, "componentName", "groupByKeyPaths", "filters");
        return new PodGroupMember(
                string(node, "componentName", path),
                withoutEmpty(list(node, "groupByKeyPaths", path, SpecReader::stringElement)),
                withoutEmpty(list(node, "filters", path, SpecReader::stringElement)));
    }

    // ---- generic helpers -------------------------------------------------------------------------------------

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** Checks that {@code node} is an object whose fields are all among {@code known}. */
    static void requireObject(JsonNode node, String path, String... known) {
        if (!node.isObject()) {
            throw new RiParseException(path, "must be an object, found " + describe(node));
        }
        Set<String> knownFields = Set.of(known);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                throw new RiParseException(path.isEmpty() ? name : path + "." + name, unknownField(name, known));
            }
        }
    }

    static String unknownField(String name, String... known) {
        StringBuilder message = new StringBuilder("unknown field \"").append(name).append('"');
        String suggestion = closest(name, known);
        if (suggestion != null) {
            message.append(" (did you mean \"").append(suggestion).append("\"?)");
        }
        Set<String> list = new LinkedHashSet<>(List.of(known));
        return message.append("; the fields allowed here are ").append(String.join(", ", list)).toString();
    }

    /**
     * A jq expression field. An empty expression is absent, as in the reference implementation (which skips empty
     * expressions when it validates and treats them as not given): {@code podTemplateSpecPath: ""} is no pod
     * template, {@code replicasPath: ""} no replica count.
     */
    private static String jq(JsonNode parent, String field, String path) {
        String expression = string(parent, field, path);
        return expression == null || expression.isEmpty() ? null : expression;
    }

    /** A list of jq expressions without its empty entries (absent, as a lone empty expression is). */
    private static List<String> withoutEmpty(List<String> expressions) {
        return expressions.stream().filter(e -> e != null && !e.isEmpty()).toList();
    }

    private static String string(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RiParseException(path + "." + field, mustBeString(value));
        }
        return value.textValue();
    }

    private static String stringElement(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw new RiParseException(path, mustBeString(value));
        }
        return value.textValue();
    }

    private static String mustBeString(JsonNode value) {
        String message = "must be a string, found " + describe(value);
        if (value.isBoolean() || value.isNumber()) {
            message += " (in YAML, quote it: \"" + value.asText() + "\")";
        }
        return message;
    }

    private static <T> T optional(JsonNode parent, String field, String path, BiFunction<JsonNode, String, T> reader) {
        JsonNode value = parent.get(field);
        return absent(value) ? null : reader.apply(value, path + "." + field);
    }

    private static <T> List<T> list(JsonNode parent, String field, String path, BiFunction<JsonNode, String, T> reader) {
        JsonNode value = parent.get(field);
        String listPath = path + "." + field;
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new RiParseException(listPath, "must be a list, found " + describe(value));
        }
        List<T> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = listPath + "[" + i + "]";
            if (absent(item)) {
                throw new RiParseException(itemPath, "list entries must not be null");
            }
            items.add(reader.apply(item, itemPath));
        }
        return items;
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().name().toLowerCase();
    }

    /** The known name closest to a misspelt one, if it is close enough to be a likely typo. */
    private static String closest(String name, String... known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
