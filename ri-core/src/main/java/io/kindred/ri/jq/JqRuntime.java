package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.exception.JsonQueryTypeException;
import net.thisptr.jackson.jq.internal.operators.PlusOperator;
import net.thisptr.jackson.jq.path.Path;

/**
 * The shared, immutable root scope: jq 1.6 builtins, loaded once (loading parses jackson-jq's jq-defined builtins
 * and is expensive), with bounded replacements for the builtins whose stock versions can build values far larger
 * than their input in a single step ({@code add}, {@code flatten}, {@code join}, {@code tojson}, {@code tostring}).
 */
final class JqRuntime {

    static final Version VERSION = Versions.JQ_1_6;
    static final Scope ROOT = createRootScope();

    private JqRuntime() {
    }

    private static Scope createRootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(VERSION, scope);
        scope.addFunction("add", 0, JqRuntime::add);
        scope.addFunction("flatten", 0, (s, args, in, path, out, v) -> out.emit(flatten(in, -1), null));
        scope.addFunction("flatten", 1, JqRuntime::flattenWithDepth);
        scope.addFunction("join", 1, new BoundedJoin(scope.getFunction("join", 1)));
        scope.addFunction("tojson", 0, (s, args, in, path, out, v) -> out.emit(new TextNode(toJson(s.getObjectMapper(), in)), null));
        scope.addFunction("tostring", 0, (s, args, in, path, out, v) ->
                out.emit(in.isTextual() ? in : new TextNode(toJson(s.getObjectMapper(), in)), null));
        return scope;
    }

    /** A scope for one evaluation; bindings made during the evaluation go here, never into the shared root. */
    static Scope newEvaluationScope() {
        return Scope.newChildScope(ROOT);
    }

    private static Budget budget() {
        Budget budget = Budget.current();
        return budget != null ? budget : BudgetHolder.UNMETERED;
    }

    /** Used only when a builtin runs outside an evaluation (never in Kindred), so that the checks still apply. */
    private static final class BudgetHolder {
        // no deadline worth the name, and no request allowance: outside an evaluation only the size checks apply
        static final Budget UNMETERED = Budget.detached(JqLimits.DEFAULT.withTimeout(java.time.Duration.ofDays(36_500)));
    }

    // ---- add ---------------------------------------------------------------------------------------------------

    /**
     * jq's {@code add} in linear time. The stock definition ({@code reduce .[] as $x (null; . + $x)}) copies the
     * accumulated string or array at every element, which is quadratic.
     */
    private static void add(Scope scope, List<Expression> args, JsonNode in, Path ipath, PathOutput output, Version version)
            throws JsonQueryException {
        if (!in.isArray() && !in.isObject()) {
            throw new JsonQueryTypeException("Cannot iterate over %s", in);
        }
        Budget budget = budget();
        PlusOperator plus = new PlusOperator();
        ObjectMapper mapper = scope.getObjectMapper();
        JsonNode acc = NullNode.getInstance();
        StringBuilder text = null;
        ArrayNode array = null;
        ObjectNode object = null;
        for (JsonNode item : in) {
            if (item.isNull()) {
                continue;
            }
            if (text != null && item.isTextual()) {
                text.append(item.textValue());
                budget.checkString(text.length());
                continue;
            }
            if (array != null && item.isArray()) {
                array.addAll((ArrayNode) item);
                budget.checkValue(array);
                continue;
            }
            if (object != null && item.isObject()) {
                object.setAll((ObjectNode) item);
                continue;
            }
            // first value, or a change of type: settle the accumulator and let jq's + decide (or fail)
            acc = settle(acc, text, array, object);
            text = null;
            array = null;
            object = null;
            if (acc.isNull() && item.isTextual()) {
                text = new StringBuilder(item.textValue());
            } else if (acc.isNull() && item.isArray()) {
                array = JsonNodeFactory.instance.arrayNode().addAll((ArrayNode) item);
            } else if (acc.isNull() && item.isObject()) {
                object = JsonNodeFactory.instance.objectNode().setAll((ObjectNode) item);
            } else {
                acc = plus.apply(mapper, acc, item);
            }
        }
        output.emit(settle(acc, text, array, object), null);
    }

    private static JsonNode settle(JsonNode acc, StringBuilder text, ArrayNode array, ObjectNode object) {
        if (text != null) {
            return new TextNode(text.toString());
        }
        if (array != null) {
            return array;
        }
        if (object != null) {
            return object;
        }
        return acc;
    }

    // ---- flatten -----------------------------------------------------------------------------------------------

    private static void flattenWithDepth(Scope scope, List<Expression> args, JsonNode in, Path ipath, PathOutput output,
            Version version) throws JsonQueryException {
        List<JsonNode> depths = new ArrayList<>();
        args.get(0).apply(scope, in, depths::add);
        for (JsonNode depth : depths) {
            if (!depth.isNumber()) {
                throw new JsonQueryTypeException("flatten depth must be a number, not %s", depth);
            }
            if (depth.asDouble() < 0) {
                throw new JsonQueryException("flatten depth must not be negative");
            }
            output.emit(flatten(in, (long) depth.asDouble()), null);
        }
    }

    /** jq's {@code flatten} in linear time; a negative depth means all the way down. */
    private static JsonNode flatten(JsonNode in, long depth) throws JsonQueryException {
        if (!in.isArray()) {
            throw new JsonQueryTypeException("Cannot flatten %s", in);
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        flattenInto(out, in, depth, budget());
        return out;
    }

    private static void flattenInto(ArrayNode out, JsonNode array, long depth, Budget budget) {
        for (JsonNode item : array) {
            if (item.isArray() && depth != 0) {
                flattenInto(out, item, depth - 1, budget);
            } else {
                out.add(item);
                if (out.size() > budget.limits.maxValueWeight()) {
                    throw new Budget.Exceeded("flatten built an array of more than " + budget.limits.maxValueWeight()
                            + " values");
                }
            }
        }
    }

    // ---- join --------------------------------------------------------------------------------------------------

    /** jackson-jq's {@code join}, refused up front when its result would pass the string limit. */
    private record BoundedJoin(Function stock) implements Function {
        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path ipath, PathOutput output, Version version)
                throws JsonQueryException {
            if (in.isArray() || in.isObject()) {
                Budget budget = budget();
                long items = 0;
                long length = 0;
                for (JsonNode item : in) {
                    items++;
                    if (item.isTextual()) {
                        length += item.textValue().length();
                    } else if (item.isNumber() || item.isBoolean()) {
                        length += 24;
                    }
                }
                long total = length;
                List<JsonNode> separators = new ArrayList<>();
                args.get(0).apply(scope, in, separators::add);
                for (JsonNode separator : separators) {
                    long separatorLength = separator.isTextual() ? separator.textValue().length() : 0;
                    budget.checkString(total + Math.max(0, items - 1) * separatorLength);
                }
            }
            stock.apply(scope, args, in, ipath, output, version);
        }
    }

    // ---- tojson / tostring -------------------------------------------------------------------------------------

    /** Serializes compactly, as jq's tojson does, stopping as soon as the string limit is passed. */
    static String toJson(ObjectMapper mapper, JsonNode value) throws JsonQueryException {
        BoundedWriter writer = new BoundedWriter(budget());
        try {
            mapper.writeValue(writer, value);
        } catch (IOException e) {
            // Jackson wraps what the writer throws; a limit must stay a limit (and out of reach of jq's try)
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Budget.Exceeded exceeded) {
                    throw exceeded;
                }
            }
            throw new JsonQueryException(e);
        }
        return writer.toString();
    }

    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final Budget budget;

        BoundedWriter(Budget budget) {
            this.budget = budget;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            budget.checkString((long) text.length() + length);
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            budget.checkString((long) text.length() + length);
            text.append(string, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
