package io.kindred.ri.jq;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.internal.IsolatedScopeQuery;
import net.thisptr.jackson.jq.internal.misc.Pair;
import net.thisptr.jackson.jq.internal.operators.BinaryOperator;
import net.thisptr.jackson.jq.internal.operators.MultiplyOperator;
import net.thisptr.jackson.jq.internal.tree.FormattingFilter;
import net.thisptr.jackson.jq.internal.tree.FunctionCall;
import net.thisptr.jackson.jq.internal.tree.ThisObject;
import net.thisptr.jackson.jq.internal.tree.VariableAccess;
import net.thisptr.jackson.jq.internal.tree.literal.ValueLiteral;

/**
 * Checks and instruments a query compiled by jackson-jq, by walking its syntax tree.
 *
 * <p>The check is the authoritative one: it sees what will actually run. Every node must be of a class on an
 * allow-list (so a construct this code has never heard of is refused rather than trusted), every function call
 * must be on {@link JqFunctions}' allow-list, and variables that read the environment are refused.
 *
 * <p>Instrumentation wraps every sub-expression in a {@link Metered} node charging the evaluation's
 * {@link Budget}, and guards {@code *} against string repetition ({@link GuardedMultiply}). jackson-jq exposes no
 * hook for either, so fields of its (pinned, 1.6.0) internal classes are rewritten by reflection, once, at compile
 * time; the tree is immutable afterwards.
 */
final class JqGuard {

    private static final String TREE_PACKAGE = "net.thisptr.jackson.jq.internal.tree.";

    /** Node classes an RI expression may contain, by simple name relative to the tree package. */
    private static final Set<String> ALLOWED_NODES = Set.of(
            "TopLevelExpression", "PipedQuery", "TransformPipeComponent", "AssignPipeComponent",
            "ArrayConstruction", "ObjectConstruction", "IdentifierKeyFieldConstruction",
            "JsonQueryKeyFieldConstruction", "StringKeyFieldConstruction", "VariableKeyFieldConstruction",
            "Conditional", "FormattingFilter", "FunctionCall", "NegativeExpression", "SemicolonOperator",
            "StringInterpolation", "ThisObject", "TryCatch", "TryCatch$Question", "Tuple", "VariableAccess",
            "binaryop.AlternativeOperatorExpression", "binaryop.BooleanAndExpression", "binaryop.BooleanOrExpression",
            "binaryop.DivideExpression", "binaryop.MinusExpression", "binaryop.ModuloExpression",
            "binaryop.MultiplyExpression", "binaryop.PlusExpression",
            "binaryop.comparison.CompareEqualTest", "binaryop.comparison.CompareNotEqualTest",
            "binaryop.comparison.CompareGreaterTest", "binaryop.comparison.CompareGreaterEqualTest",
            "binaryop.comparison.CompareLessTest", "binaryop.comparison.CompareLessEqualTest",
            "fieldaccess.BracketExtractFieldAccess", "fieldaccess.BracketFieldAccess",
            "fieldaccess.IdentifierFieldAccess", "fieldaccess.StringFieldAccess",
            "literal.BooleanLiteral", "literal.DoubleLiteral", "literal.LongLiteral", "literal.NullLiteral",
            "literal.StringLiteral", "literal.ValueLiteral",
            "matcher.matchers.ArrayMatcher", "matcher.matchers.ObjectMatcher",
            "matcher.matchers.ObjectMatcher$FieldMatcher", "matcher.matchers.ValueMatcher");

    /** Why the refused node classes are refused. */
    private static final Map<String, String> REFUSED_NODES = Map.of(
            "RecursionOperator", "recursive descent (..) is not allowed: it visits every value of the input",
            "FunctionDefinition", "function definitions (def) are not allowed",
            "ReduceExpression", "reduce is not allowed: RI expressions may not loop",
            "ForeachExpression", "foreach is not allowed: RI expressions may not loop",
            "LabelPipeComponent", "label/break is not allowed",
            "BreakExpression", "label/break is not allowed",
            "ImportStatement", "modules (import/include) are not allowed",
            "ModuleDirective", "modules are not allowed");

    /** Nodes whose outputs are new values (not parts of their input), which get their size checked. */
    private static final Set<String> BUILDERS = Set.of(
            "ArrayConstruction", "ObjectConstruction", "StringInterpolation", "FunctionCall", "FormattingFilter",
            "binaryop.DivideExpression", "binaryop.MinusExpression", "binaryop.ModuloExpression",
            "binaryop.MultiplyExpression", "binaryop.PlusExpression");

    private final String fieldPath;
    private final String expression;
    private final IdentityHashMap<Object, Boolean> visited = new IdentityHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> undefined = new ArrayList<>();

    private JqGuard(String fieldPath, String expression) {
        this.fieldPath = fieldPath;
        this.expression = expression;
    }

    /**
     * Checks the compiled query, then instruments it in place.
     *
     * @return the function calls found, as {@code name/arity}
     * @throws JqSafetyException if the tree contains a refused construct
     */
    static List<String> checkAndInstrument(JsonQuery query, String fieldPath, String expression) {
        JqGuard guard = new JqGuard(fieldPath, expression);
        try {
            guard.walk(query);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof JqSafetyException safety) {
                throw safety;
            }
            // jackson-jq's internals differ from what this code was written against: refuse rather than run unchecked
            throw new JqException(fieldPath, expression, null, -1,
                    "cannot check the expression's safety (unexpected jackson-jq internals: " + e + ")", e);
        }
        if (!guard.undefined.isEmpty()) {
            String function = guard.undefined.get(0);
            throw new JqUndefinedFunctionException(fieldPath, expression, function,
                    guard.position(function.substring(0, function.indexOf('/'))));
        }
        return List.copyOf(guard.calls);
    }

    private void walk(Object node) throws ReflectiveOperationException {
        if (node == null || visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof List<?> list) {
            walkList(list);
            return;
        }
        if (node instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                walk(array[i]);
                if (array[i] instanceof Expression e && shouldMeter(e)
                        && array.getClass().getComponentType().isAssignableFrom(Metered.class)) {
                    array[i] = meter(e);
                }
            }
            return;
        }
        Class<?> type = node.getClass();
        boolean container = node instanceof JsonQuery || node instanceof Pair || node instanceof IsolatedScopeQuery
                || type.getName().startsWith(TREE_PACKAGE);
        if (!container) {
            if (node instanceof Expression) {
                // an expression class this code does not know: refuse rather than run it unchecked
                throw new JqSafetyException(fieldPath, expression, type.getName(), -1,
                        "the construct " + node + " is not supported in RI expressions");
            }
            return; // a leaf: literal value, operator, string, version …
        }
        if (type.getName().startsWith(TREE_PACKAGE)) {
            check(node, type.getName().substring(TREE_PACKAGE.length()));
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                field.setAccessible(true);
                Object value = field.get(node);
                if (value == null) {
                    continue;
                }
                if (value instanceof MultiplyOperator multiply && field.getType().isAssignableFrom(GuardedMultiply.class)) {
                    field.set(node, new GuardedMultiply((BinaryOperator) multiply));
                    continue;
                }
                walk(value);
                if (value instanceof Expression e && shouldMeter(e) && field.getType().isAssignableFrom(Metered.class)) {
                    field.set(node, meter(e));
                } else if (value instanceof List<?> list && !isMutable(list) && containsMeterable(list)
                        && field.getType().isAssignableFrom(ArrayList.class)) {
                    field.set(node, meterAll(list));
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void walkList(List<?> list) throws ReflectiveOperationException {
        boolean mutable = isMutable(list);
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            walk(item);
            if (mutable && item instanceof Expression e && shouldMeter(e)) {
                ((List) list).set(i, meter(e));
            }
        }
    }

    private static boolean isMutable(List<?> list) {
        if (list.isEmpty()) {
            return true;
        }
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Object> raw = (List) list;
            raw.set(0, raw.get(0));
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean containsMeterable(List<?> list) {
        return list.stream().anyMatch(item -> item instanceof Expression e && shouldMeter(e));
    }

    private static List<Object> meterAll(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
            copy.add(item instanceof Expression e && shouldMeter(e) ? meter(e) : item);
        }
        return copy;
    }

    /** Constants and {@code .} produce one value and cost nothing; jackson-jq also inspects literals by type. */
    private static boolean shouldMeter(Expression e) {
        return !(e instanceof Metered) && !(e instanceof ThisObject) && !(e instanceof ValueLiteral);
    }

    private static Metered meter(Expression e) {
        String name = e.getClass().getName();
        boolean builds = name.startsWith(TREE_PACKAGE) && BUILDERS.contains(name.substring(TREE_PACKAGE.length()));
        return new Metered(e, builds);
    }

    private void check(Object node, String nodeClass) throws ReflectiveOperationException {
        String refusal = REFUSED_NODES.get(nodeClass);
        if (refusal == null && nodeClass.startsWith("binaryop.assignment.")) {
            refusal = "assignment and update operators are not allowed: RI expressions are read-only";
        }
        if (refusal != null) {
            throw new JqSafetyException(fieldPath, expression, nodeClass, -1, refusal);
        }
        if (!ALLOWED_NODES.contains(nodeClass)) {
            throw new JqSafetyException(fieldPath, expression, nodeClass, -1,
                    "the construct " + node + " is not supported in RI expressions");
        }
        if (node instanceof FunctionCall) {
            String name = (String) read(node, FunctionCall.class, "name");
            List<?> args = (List<?>) read(node, FunctionCall.class, "args");
            Object module = read(node, FunctionCall.class, "moduleName");
            int arity = args == null ? 0 : args.size();
            if (module != null) {
                throw new JqSafetyException(fieldPath, expression, module + "::" + name, -1,
                        "module references (::) are not allowed");
            }
            if (!JqFunctions.isDefined(name, arity)) {
                // fails only if it runs: checked after the walk, so that the rest of the tree is still checked
                undefined.add(name + "/" + arity);
                return;
            }
            if (!JqFunctions.isAllowed(name, arity)) {
                throw new JqSafetyException(fieldPath, expression, name + "/" + arity, position(name),
                        JqFunctions.refusal(name, arity));
            }
            calls.add(name + "/" + arity);
        } else if (node instanceof FormattingFilter) {
            // jackson-jq stores the format without its '@'
            String stored = (String) read(node, FormattingFilter.class, "name");
            String name = stored.startsWith("@") ? stored : "@" + stored;
            if (!JqFunctions.isAllowedFormat(name)) {
                throw new JqSafetyException(fieldPath, expression, name, position(name),
                        "the format " + name + " is not allowed; allowed formats are "
                                + String.join(", ", JqFunctions.allowedFormats()));
            }
        } else if (node instanceof VariableAccess) {
            String name = (String) read(node, VariableAccess.class, "name");
            Object module = read(node, VariableAccess.class, "moduleName");
            if (module != null) {
                throw new JqSafetyException(fieldPath, expression, "$" + module + "::" + name, -1,
                        "module references (::) are not allowed");
            }
            if ("ENV".equals(name) || name.startsWith("__")) {
                throw new JqSafetyException(fieldPath, expression, "$" + name, position("$" + name),
                        "$" + name + " is not allowed: it reads outside the expression's input");
            }
        }
    }

    private static Object read(Object node, Class<?> declaring, String field) throws ReflectiveOperationException {
        Field f = declaring.getDeclaredField(field);
        f.setAccessible(true);
        return f.get(node);
    }

    /** Best-effort position of a name for messages; the lexer normally finds these first, with exact positions. */
    private int position(String name) {
        return expression.indexOf(name);
    }
}
