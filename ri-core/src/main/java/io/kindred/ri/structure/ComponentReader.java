package io.kindred.ri.structure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.jq.JqValues;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.FragmentedPodSpecDefinition;
import io.kindred.ri.model.ScaleDefinition;
import io.kindred.ri.model.SpecDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one component from workload objects: instance ids, replica counts and pod specs, each path compiled once.
 * Immutable and thread-safe.
 *
 * <p>Pairing values with instances follows the reference implementation: a path's results are matched to the
 * instance ids by position. For spec paths, each path must yield exactly as many results as there are ids. For the
 * scale paths (and the fragmented pod spec paths, which are read together), the longest result list sets the
 * count and shorter ones are padded with "absent" — so a {@code minReplicasPath} that yields one {@code null}
 * for a component with one instance is fine — and that count must equal the number of ids.
 */
public final class ComponentReader {

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final int PREVIEW_LENGTH = 200;

    private final ComponentDefinition definition;
    private final String path;
    private final String context;
    private final JqExpression instanceIds;
    private final JqExpression podTemplateSpec;
    private final JqExpression podSpec;
    private final JqExpression metadata;
    /** fragmented pod spec field name (without "Path") → expression, in schema order; null without a definition */
    private final Map<String, JqExpression> fragmented;
    private final boolean scaleDefined;
    private final JqExpression replicas;
    private final JqExpression minReplicas;
    private final JqExpression maxReplicas;

    /**
     * @param definition the component
     * @param path       its JSON path in the RI, e.g. {@code spec.structureDefinition.childComponents[0]}
     * @param compiled   the RI's compiled expressions, which hold this component's
     */
    public ComponentReader(ComponentDefinition definition, String path, JqExpressions compiled) {
        this.definition = definition;
        this.path = path;
        this.context = "component '" + definition.name() + "'";
        this.instanceIds = compile(compiled, ".instanceIdPath", definition.instanceIdPath());
        SpecDefinition spec = definition.specDefinition();
        if (spec != null) {
            podTemplateSpec = compile(compiled, ".specDefinition.podTemplateSpecPath", spec.podTemplateSpecPath());
            podSpec = compile(compiled, ".specDefinition.podSpecPath", spec.podSpecPath());
            metadata = compile(compiled, ".specDefinition.metadataPath", spec.metadataPath());
            FragmentedPodSpecDefinition fragments = spec.fragmentedPodSpecDefinition();
            if (fragments != null) {
                Map<String, JqExpression> byField = new LinkedHashMap<>();
                fragments.paths().forEach((field, source) -> byField.put(fieldName(field),
                        compile(compiled, ".specDefinition.fragmentedPodSpecDefinition." + field, source)));
                fragmented = Collections.unmodifiableMap(byField);
            } else {
                fragmented = null;
            }
        } else {
            podTemplateSpec = null;
            podSpec = null;
            metadata = null;
            fragmented = null;
        }
        ScaleDefinition scale = definition.scaleDefinition();
        scaleDefined = scale != null;
        replicas = scale == null ? null : compile(compiled, ".scaleDefinition.replicasPath", scale.replicasPath());
        minReplicas = scale == null ? null : compile(compiled, ".scaleDefinition.minReplicasPath", scale.minReplicasPath());
        maxReplicas = scale == null ? null : compile(compiled, ".scaleDefinition.maxReplicasPath", scale.maxReplicasPath());
    }

    private JqExpression compile(JqExpressions compiled, String field, String source) {
        return source == null ? null : compiled.require(path + field);
    }

    /** {@code labelsPath} → {@code labels}. */
    static String fieldName(String pathField) {
        return pathField.endsWith("Path") ? pathField.substring(0, pathField.length() - 4) : pathField;
    }

    public ComponentDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    /** JSON path of the component in the RI. */
    public String path() {
        return path;
    }

    /** True when the component has an instanceIdPath (and so possibly several instances). */
    public boolean hasInstanceIdPath() {
        return instanceIds != null;
    }

    /** True when the component has a scaleDefinition. */
    public boolean hasScaleDefinition() {
        return scaleDefined;
    }

    /**
     * The instance ids, in the order instanceIdPath yields them; {@code [""]} without instanceIdPath.
     *
     * @throws RiEvaluationException if the path fails, or yields a value that is not a non-empty string, or the same
     *                               id twice
     */
    public List<String> instanceIds(JsonNode object) {
        if (instanceIds == null) {
            return List.of("");
        }
        List<JsonNode> results = Expressions.evaluate(instanceIds, object, context);
        List<String> ids = new ArrayList<>(results.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            if (result == null || result.isNull() || (result.isTextual() && result.textValue().isEmpty())) {
                throw new RiEvaluationException(instanceIds.fieldPath(), context + ": instance id #" + (i + 1) + " of "
                        + results.size() + " is " + (result == null || result.isNull() ? "null" : "empty")
                        + "; every instance needs a non-empty id");
            }
            if (!result.isTextual()) {
                throw new RiEvaluationException(instanceIds.fieldPath(), context + ": instance id #" + (i + 1)
                        + " is " + withArticle(typeName(result)) + " (" + preview(result) + "); instance ids must be strings");
            }
            if (!seen.add(result.textValue())) {
                throw new RiEvaluationException(instanceIds.fieldPath(), context + ": instance id \"" + result.textValue()
                        + "\" appears twice; instance ids must be unique");
            }
            ids.add(result.textValue());
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * The replica counts of each instance, in the order of {@code ids}; {@code null} when the component has no
     * scaleDefinition. A scaleDefinition without any path gives every instance an all-absent scale.
     *
     * @throws RiEvaluationException if a path fails or yields something other than a whole number or null, or the
     *                               number of values does not match the number of ids
     */
    public List<Scale> scales(JsonNode object, List<String> ids) {
        if (!scaleDefined) {
            return null;
        }
        List<JsonNode> replicaValues = values(replicas, object);
        List<JsonNode> minValues = values(minReplicas, object);
        List<JsonNode> maxValues = values(maxReplicas, object);
        if (replicas == null && minReplicas == null && maxReplicas == null) {
            return Collections.nCopies(ids.size(), Scale.ABSENT);
        }
        int count = Math.max(size(replicaValues), Math.max(size(minValues), size(maxValues)));
        if (count != ids.size()) {
            List<JqExpression> expressions = new ArrayList<>(3);
            List<List<JsonNode>> results = new ArrayList<>(3);
            expressions.add(replicas);
            results.add(replicaValues);
            expressions.add(minReplicas);
            results.add(minValues);
            expressions.add(maxReplicas);
            results.add(maxValues);
            throw firstMismatch(ids, expressions, results);
        }
        if (count == 1) {
            // the common case (a component without instanceIdPath), without the list's overhead
            return List.of(new Scale(count(replicas, replicaValues, 0), count(minReplicas, minValues, 0),
                    count(maxReplicas, maxValues, 0)));
        }
        Scale[] scales = new Scale[count];
        for (int i = 0; i < count; i++) {
            scales[i] = new Scale(
                    count(replicas, replicaValues, i),
                    count(minReplicas, minValues, i),
                    count(maxReplicas, maxValues, i));
        }
        return List.of(scales);
    }

    /** Reads everything this component defines; problems go to {@code errors}. Returns {@code null} without ids. */
    ComponentStructure read(JsonNode object, List<String> errors) {
        List<String> ids;
        try {
            ids = instanceIds(object);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            return null;
        }
        List<Scale> scales = null;
        try {
            scales = scales(object, ids);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
        }
        List<JsonNode> templates = perInstance(podTemplateSpec, object, ids, errors);
        List<JsonNode> podSpecs = perInstance(podSpec, object, ids, errors);
        List<JsonNode> metadatas = perInstance(metadata, object, ids, errors);
        List<Map<String, JsonNode>> fragments = fragments(object, ids, errors);
        Map<String, InstanceStructure> instances = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            instances.put(ids.get(i), new InstanceStructure(
                    ids.get(i),
                    scales == null ? null : scales.get(i),
                    present(templates, i),
                    present(podSpecs, i),
                    present(metadatas, i),
                    fragments == null ? null : fragments.get(i)));
        }
        return new ComponentStructure(name(), ids, instances);
    }

    private List<JsonNode> perInstance(JqExpression expression, JsonNode object, List<String> ids, List<String> errors) {
        if (expression == null) {
            return null;
        }
        try {
            List<JsonNode> values = values(expression, object);
            if (values.size() != ids.size()) {
                throw countMismatch(ids, expression, values.size());
            }
            return values;
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private List<Map<String, JsonNode>> fragments(JsonNode object, List<String> ids, List<String> errors) {
        if (fragmented == null) {
            return null;
        }
        try {
            Map<String, List<JsonNode>> valuesByField = new LinkedHashMap<>();
            int count = 0;
            for (Map.Entry<String, JqExpression> field : fragmented.entrySet()) {
                List<JsonNode> values = values(field.getValue(), object);
                valuesByField.put(field.getKey(), values);
                count = Math.max(count, values.size());
            }
            if (!fragmented.isEmpty() && count != ids.size()) {
                throw firstMismatch(ids, new ArrayList<>(fragmented.values()), new ArrayList<>(valuesByField.values()));
            }
            List<Map<String, JsonNode>> perInstance = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (Map.Entry<String, List<JsonNode>> field : valuesByField.entrySet()) {
                    JsonNode value = present(field.getValue(), i);
                    if (value != null) {
                        fields.put(field.getKey(), value);
                    }
                }
                perInstance.add(fields);
            }
            return perInstance;
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private List<JsonNode> values(JqExpression expression, JsonNode object) {
        return expression == null ? null : Expressions.evaluate(expression, object, context);
    }

    private static int size(List<JsonNode> values) {
        return values == null ? 0 : values.size();
    }

    private static JsonNode present(List<JsonNode> values, int index) {
        if (values == null || index >= values.size()) {
            return null;
        }
        JsonNode value = values.get(index);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    /** The error for the first path (of several read together) whose number of values differs from the ids'. */
    private RiEvaluationException firstMismatch(List<String> ids, List<JqExpression> expressions, List<List<JsonNode>> values) {
        for (int i = 0; i < expressions.size(); i++) {
            if (expressions.get(i) != null && size(values.get(i)) != ids.size()) {
                return countMismatch(ids, expressions.get(i), size(values.get(i)));
            }
        }
        throw new IllegalStateException("no path of " + context + " has a mismatching count");
    }

    private RiEvaluationException countMismatch(List<String> ids, JqExpression expression, int count) {
        String expected = hasInstanceIdPath()
                ? ids.size() + " (one per instance id " + quoted(ids) + ")"
                : "exactly 1 (the component has no instanceIdPath, so it has one instance)";
        return new RiEvaluationException(expression == null ? path : expression.fieldPath(), context + ": the path yields "
                + count + " value" + (count == 1 ? "" : "s") + " where " + expected + " are needed");
    }

    private Integer count(JqExpression expression, List<JsonNode> values, int index) {
        JsonNode value = present(values, index);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            if (number.signum() == 0 || number.stripTrailingZeros().scale() <= 0) {
                if (number.compareTo(INT_MIN) >= 0 && number.compareTo(INT_MAX) <= 0) {
                    return number.intValue();
                }
                throw new RiEvaluationException(expression.fieldPath(), context + ": value #" + (index + 1) + " ("
                        + preview(value) + ") is out of range for a replica count");
            }
        }
        throw new RiEvaluationException(expression.fieldPath(), context + ": value #" + (index + 1) + " is "
                + (value.isNumber() ? "the fractional number " : withArticle(typeName(value)) + " ") + preview(value)
                + (value.isTextual() ? " (quoted)" : "") + "; a replica count must be a whole number or null");
    }

    private static String quoted(List<String> ids) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        ids.forEach(array::add);
        return array.toString();
    }

    /**
     * A value as an error message shows it: its jq text, cut at {@value #PREVIEW_LENGTH} characters. A workload
     * object may hold values too large to turn into text at all; those are named by size, so that reporting a bad
     * value can never fail (or flood a log line) itself.
     */
    static String preview(JsonNode value) {
        String text;
        try {
            text = JqValues.toText(value);
        } catch (IllegalArgumentException e) {
            return "a value too large to show";
        }
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH) + "…";
    }

    private static String withArticle(String typeName) {
        return (typeName.equals("array") || typeName.equals("object") ? "an " : "a ") + typeName;
    }

    static String typeName(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        return "null";
    }
}
