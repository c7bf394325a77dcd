package io.kindred.ri.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.jq.JqException;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.jq.JqValues;
import io.kindred.ri.model.ConditionsDefinition;
import io.kindred.ri.model.ExpectedCondition;
import io.kindred.ri.model.ExpressionMatcher;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.model.StatusDefinition;
import io.kindred.ri.model.StatusMappings;
import io.kindred.ri.model.StatusMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a workload's status through the root component's statusDefinition, as the reference implementation does:
 * <ul>
 *   <li>the phase is the first result of the phase path (a non-string scalar is turned into text as by jq's
 *       tostring; an object or array is an error); no phaseDefinition, no phase;</li>
 *   <li>the conditions come from the conditions path, which may yield one array of conditions or the conditions one
 *       by one; field names come from the conditionsDefinition; a later condition of the same type hides an
 *       earlier one when matching;</li>
 *   <li>inside a matcher everything it names must hold; a matcher naming nothing matches; a status matches when
 *       any of its matchers does; byPhase must equal the phase; each byConditions entry needs a condition of that
 *       type, whose status and reason must equal the expected ones where those are non-empty (an expected reason
 *       never matches a condition without one); byExpression takes the first result, and no result or null does not
 *       match, otherwise its tostring must equal expectedResult;</li>
 *   <li>the state is the matched status of highest {@link RiState#precedence()}.</li>
 * </ul>
 * Evaluation problems are collected, never thrown. When the phase or the conditions cannot be read the state is
 * UNDEFINED; a failing byExpression only fails its own matcher. Thread-safe and immutable.
 */
public final class StatusEvaluator {

    private static final String STATUS_PATH = ResourceInterfaceSpec.ROOT_COMPONENT_PATH + ".statusDefinition";

    private final StatusDefinition definition;
    private final JqExpression phase;
    private final JqExpression conditions;
    private final Map<RiState, List<CompiledMatcher>> matchers;

    private record CompiledMatcher(String path, StatusMatcher matcher, JqExpression expression) {
    }

    /**
     * @param definition  the root component's statusDefinition, possibly {@code null}
     * @param expressions the RI's compiled expressions, which hold those of the definition
     */
    public StatusEvaluator(StatusDefinition definition, JqExpressions expressions) {
        this.definition = definition;
        if (definition == null) {
            phase = null;
            conditions = null;
            matchers = Map.of();
            return;
        }
        phase = definition.phaseDefinition() == null ? null
                : expressions.get(STATUS_PATH + ".phaseDefinition.path");
        conditions = definition.conditionsDefinition() == null ? null
                : expressions.get(STATUS_PATH + ".conditionsDefinition.path");
        Map<RiState, List<CompiledMatcher>> byState = new HashMap<>();
        StatusMappings mappings = definition.statusMappings();
        compile(byState, RiState.INITIALIZING, "initializing", mappings.initializing(), expressions);
        compile(byState, RiState.RUNNING, "running", mappings.running(), expressions);
        compile(byState, RiState.COMPLETED, "completed", mappings.completed(), expressions);
        compile(byState, RiState.FAILED, "failed", mappings.failed(), expressions);
        compile(byState, RiState.DEGRADED, "degraded", mappings.degraded(), expressions);
        this.matchers = Map.copyOf(byState);
    }

    private static void compile(Map<RiState, List<CompiledMatcher>> byState, RiState state, String field,
            List<StatusMatcher> list, JqExpressions expressions) {
        List<CompiledMatcher> compiled = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = STATUS_PATH + ".statusMappings." + field + "[" + i + "]";
            StatusMatcher matcher = list.get(i);
            JqExpression expression = matcher.byExpression() == null ? null
                    : expressions.get(path + ".byExpression.expression");
            compiled.add(new CompiledMatcher(path, matcher, expression));
        }
        byState.put(state, List.copyOf(compiled));
    }

    /** The status of {@code object} (a workload of the RI's root kind). Never throws on bad objects. */
    public StatusResult evaluate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        if (definition == null) {
            errors.add(ResourceInterfaceSpec.ROOT_COMPONENT_PATH
                    + ": the root component has no statusDefinition, so no status can be read");
            return undefined(null, List.of(), errors);
        }
        boolean readable = true;
        String phaseValue = null;
        if (phase != null) {
            try {
                phaseValue = readPhase(phase.first(object));
            } catch (JqException e) {
                errors.add(e.getMessage());
                readable = false;
            } catch (IllegalArgumentException e) {
                errors.add(phase.fieldPath() + ": " + e.getMessage());
                readable = false;
            }
        }
        List<RiCondition> conditionList = List.of();
        if (conditions != null) {
            try {
                conditionList = readConditions(conditions.evaluate(object), definition.conditionsDefinition(), errors);
            } catch (JqException e) {
                errors.add(e.getMessage());
                readable = false;
            }
        }
        if (!readable) {
            return undefined(phaseValue, conditionList, errors);
        }
        Map<String, RiCondition> byType = new HashMap<>();
        for (RiCondition condition : conditionList) {
            byType.put(condition.type(), condition);
        }
        Set<RiState> matched = EnumSet.noneOf(RiState.class);
        List<String> matchedNames = new ArrayList<>();
        for (RiState state : RiState.MATCHING_ORDER) {
            for (CompiledMatcher matcher : matchers.getOrDefault(state, List.of())) {
                if (matches(matcher, phaseValue, byType, object, errors)) {
                    matched.add(state);
                    matchedNames.add(state.displayName());
                    break;
                }
            }
        }
        if (matched.isEmpty()) {
            return undefined(phaseValue, conditionList, errors);
        }
        return new StatusResult(RiState.resolve(matched), matchedNames, phaseValue, conditionList, errors);
    }

    private static StatusResult undefined(String phase, List<RiCondition> conditions, List<String> errors) {
        return new StatusResult(RiState.UNDEFINED, List.of(RiState.UNDEFINED.displayName()), phase,
                conditions, errors);
    }

    private static String readPhase(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new IllegalArgumentException("the phase must be a string, but the phase path gave "
                    + (value.isArray() ? "an array" : "an object"));
        }
        return JqValues.toText(value);
    }

    private static List<RiCondition> readConditions(List<JsonNode> results, ConditionsDefinition fields, List<String> errors) {
        List<RiCondition> out = new ArrayList<>();
        String path = STATUS_PATH + ".conditionsDefinition.path";
        for (JsonNode result : results) {
            if (result == null || result.isNull()) {
                continue;
            }
            if (result.isArray()) {
                for (JsonNode item : result) {
                    addCondition(out, item, fields, path, errors);
                }
            } else {
                addCondition(out, result, fields, path, errors);
            }
        }
        return out;
    }

    private static void addCondition(List<RiCondition> out, JsonNode item, ConditionsDefinition fields, String path,
            List<String> errors) {
        if (!item.isObject()) {
            errors.add(path + ": a condition must be an object, but the path gave " + describe(item) + "; it is ignored");
            return;
        }
        String type;
        try {
            type = text(item, fields.typeFieldName());
        } catch (IllegalArgumentException e) {
            errors.add(path + ": a condition's \"" + fields.typeFieldName() + "\" is ignored: " + e.getMessage());
            return;
        }
        if (type == null) {
            errors.add(path + ": a condition has no \"" + fields.typeFieldName() + "\" field; it is ignored");
            return;
        }
        try {
            out.add(new RiCondition(type, text(item, fields.statusFieldName()), text(item, fields.reasonFieldName()),
                    text(item, fields.messageFieldName())));
        } catch (IllegalArgumentException e) {
            errors.add(path + ": condition \"" + type + "\" is ignored: " + e.getMessage());
        }
    }

    private static String text(JsonNode condition, String field) {
        if (field == null || field.isEmpty()) {
            return null;
        }
        JsonNode value = condition.get(field);
        return value == null || value.isNull() ? null : JqValues.toText(value);
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.getNodeType().name().toLowerCase();
    }

    private static boolean matches(CompiledMatcher compiled, String phase, Map<String, RiCondition> byType,
            JsonNode object, List<String> errors) {
        StatusMatcher matcher = compiled.matcher();
        if (notEmpty(matcher.byPhase()) && !matcher.byPhase().equals(phase)) {
            return false;
        }
        for (ExpectedCondition expected : matcher.byConditions()) {
            RiCondition actual = byType.get(expected.type());
            if (actual == null) {
                return false;
            }
            if (notEmpty(expected.status()) && !expected.status().equals(actual.status())) {
                return false;
            }
            if (notEmpty(expected.reason()) && !expected.reason().equals(actual.reason())) {
                return false;
            }
        }
        ExpressionMatcher byExpression = matcher.byExpression();
        if (byExpression != null) {
            if (compiled.expression() == null) {
                // absent (or empty): the reference fails evaluating "() | tostring == …"; here only this matcher fails
                errors.add(compiled.path() + ".byExpression.expression: the byExpression has no expression; this "
                        + "matcher does not match");
                return false;
            }
            JsonNode result;
            try {
                result = compiled.expression().first(object);
            } catch (JqException e) {
                errors.add(e.getMessage());
                return false;
            }
            if (result == null || result.isNull()) {
                return false;
            }
            try {
                // an absent expectedResult is the empty text, as in the reference (a Go string field)
                String expected = byExpression.expectedResult() == null ? "" : byExpression.expectedResult();
                return JqValues.toText(result).equals(expected);
            } catch (IllegalArgumentException e) {
                errors.add(compiled.path() + ".byExpression.expression: " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }
}
