package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Output;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A jq expression of an RI, checked for safety and compiled once; immutable and safe to evaluate from many threads
 * at once.
 *
 * <p>Compilation ({@link #compile}) refuses, with the construct and its position: assignment and update operators,
 * {@code ..}, {@code def}, {@code reduce}, {@code foreach}, {@code label}, modules, {@code $ENV}/{@code $__loc__},
 * formats and functions outside {@link JqFunctions}' allow-list, expressions longer or deeper than the
 * {@link JqLimits}. Evaluation ({@link #evaluate}, {@link #first}) is bounded in results, steps, value size and time;
 * every failure, jq's own or a limit, comes out as a {@link JqException} naming the RI field.
 */
public final class JqExpression {

    private final String source;
    private final String fieldPath;
    private final JqLimits limits;
    private final JsonQuery query;
    private final List<String> functions;
    /** Why the expression could not be compiled, for one that fails whenever it is evaluated; else {@code null}. */
    private final JqException failure;

    private JqExpression(String source, String fieldPath, JqLimits limits, JsonQuery query, List<String> functions,
            JqException failure) {
        this.source = source;
        this.fieldPath = fieldPath;
        this.limits = limits;
        this.query = query;
        this.functions = functions;
        this.failure = failure;
    }

    /**
     * Compiles, or — when the expression cannot be compiled — returns one that throws that compilation error every
     * time it is evaluated. This is how an RI is evaluated per expression: one bad expression fails only the parts
     * that evaluate it, with its field path, and never runs.
     */
    public static JqExpression compileOrFailing(String source, String fieldPath, JqLimits limits) {
        try {
            return compile(source, fieldPath, limits);
        } catch (JqException e) {
            return new JqExpression(source, fieldPath, limits, null, List.of(), e);
        }
    }

    /** The compilation error of an expression made by {@link #compileOrFailing} that did not compile, else null. */
    public JqException failure() {
        return failure;
    }

    /** Compiles with the {@link JqLimits#DEFAULT default limits}. */
    public static JqExpression compile(String source, String fieldPath) {
        return compile(source, fieldPath, JqLimits.DEFAULT);
    }

    /**
     * Checks and compiles an expression.
     *
     * @param source    the jq source
     * @param fieldPath JSON path of the RI field holding it, used in every error
     * @throws JqSafetyException if it uses a refused construct or passes a size limit
     * @throws JqException       if it is not valid jq
     */
    public static JqExpression compile(String source, String fieldPath, JqLimits limits) {
        if (source == null || source.isBlank()) {
            throw new JqException(fieldPath, source, "the jq expression is empty");
        }
        if (source.length() > limits.maxExpressionLength()) {
            throw new JqSafetyException(fieldPath, null, null, -1, "the jq expression is " + source.length()
                    + " characters long; at most " + limits.maxExpressionLength() + " are allowed");
        }
        JqLexer.Result lexed = JqLexer.check(source, limits.maxNestingDepth());
        if (lexed.violation() != null) {
            JqLexer.Violation v = lexed.violation();
            throw new JqSafetyException(fieldPath, source, v.construct(), v.position(), v.problem());
        }
        JsonQuery query;
        try {
            query = JsonQuery.compile(source, JqRuntime.VERSION);
        } catch (JsonQueryException e) {
            throw new JqException(fieldPath, source, null, -1, "invalid jq: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new JqException(fieldPath, source, null, -1, "invalid jq: " + firstLine(String.valueOf(e.getMessage())), e);
        }
        List<String> functions = JqGuard.checkAndInstrument(query, fieldPath, source);
        if (lexed.undefined() != null) {
            // the syntax tree check agrees in practice; the lexer's finding stands in case it ever does not
            throw new JqUndefinedFunctionException(fieldPath, source, lexed.undefined().name() + "/"
                    + lexed.undefined().arity(), lexed.undefined().position());
        }
        return new JqExpression(source, fieldPath, limits, query, functions, null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /**
     * Every result of the expression on {@code input} (a {@code null} input is evaluated as JSON null).
     *
     * @throws JqException      if jq fails (type errors, {@code error}, undefined variables …)
     * @throws JqLimitException if a limit is reached
     */
    public List<JsonNode> evaluate(JsonNode input) {
        List<JsonNode> results = new ArrayList<>(2);
        run(input, value -> {
            if (results.size() >= limits.maxResults()) {
                throw new Budget.Exceeded("the expression produced more than " + limits.maxResults() + " results");
            }
            results.add(value);
        });
        return Collections.unmodifiableList(results);
    }

    /**
     * The first result of the expression on {@code input}, or {@code null} when it produces none. As with jq's
     * {@code first(f)}, what happens after the first result does not count: later results are dropped and a failure
     * after the first result is ignored. (Evaluation runs to its end, within the limits, rather than being cut short
     * with an exception: unwinding costs more than finishing the paths RIs use.)
     *
     * @throws JqException      if the evaluation fails before producing a result
     * @throws JqLimitException if a limit is reached before the first result
     */
    public JsonNode first(JsonNode input) {
        JsonNode[] first = new JsonNode[1];
        try {
            run(input, value -> {
                if (first[0] == null) {
                    first[0] = value;
                }
            });
        } catch (JqException e) {
            if (first[0] == null) {
                throw e;
            }
        }
        return first[0];
    }

    private void run(JsonNode input, Output sink) {
        failIfNotCompiled();
        bounded("evaluation failed: ", () -> query.apply(JqRuntime.newEvaluationScope(), orNull(input), sink));
    }

    private void failIfNotCompiled() {
        if (failure != null) {
            // a fresh exception each time (a shared one would carry the first caller's stack), same message
            throw failure instanceof JqSafetyException
                    ? new JqSafetyException(fieldPath, source, failure.getConstruct(), failure.getPosition(), failure.getProblem())
                    : new JqException(fieldPath, source, failure.getConstruct(), failure.getPosition(), failure.getProblem(), failure);
        }
    }

    private static JsonNode orNull(JsonNode input) {
        return input == null ? NullNode.getInstance() : input;
    }

    /** One jq run of this expression on the calling thread. */
    @FunctionalInterface
    private interface JqRun {
        void run() throws JsonQueryException;
    }

    /**
     * Runs under a fresh {@link Budget} and turns every way a run can fail into a {@link JqException} on this
     * expression: a limit, jq's own errors ({@code jqErrorPrefix} says what failed), a stack overflow, and the plain
     * runtime exceptions jackson-jq throws for a few errors (e.g. on malformed numbers).
     */
    private void bounded(String jqErrorPrefix, JqRun jq) {
        Budget previous = Budget.open(limits);
        try {
            jq.run();
        } catch (Budget.Exceeded e) {
            throw new JqLimitException(fieldPath, source, e.getMessage());
        } catch (JsonQueryException e) {
            throw new JqException(fieldPath, source, null, -1, jqErrorPrefix + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new JqLimitException(fieldPath, source, "the evaluation nested too deeply");
        } catch (RuntimeException e) {
            throw new JqException(fieldPath, source, null, -1, "evaluation failed: " + e, e);
        } finally {
            Budget.close(previous);
        }
    }

    /**
     * The locations in {@code input} that the results come from, as jq's {@code path(f)} gives them: one array of
     * object keys and array indexes per result, in result order. Used to write values back through an RI's paths
     * (io.kindred.ri.update). Bounded like {@link #evaluate}: the same instrumented syntax tree runs, asked for paths.
     *
     * @throws JqException      if the expression is not a path expression on this input — a result that is not a
     *                          part of the input, e.g. from arithmetic, a literal ({@code .a // 1} when {@code .a}
     *                          is null) or a constructed value ({@code to_entries[] | .value})
     * @throws JqLimitException if a limit is reached
     */
    public List<JsonNode> evaluatePaths(JsonNode input) {
        failIfNotCompiled();
        net.thisptr.jackson.jq.Expression tree = pathExpression();
        List<JsonNode> paths = new ArrayList<>(2);
        bounded("not a path expression: ", () -> tree.apply(JqRuntime.newEvaluationScope(), orNull(input),
                net.thisptr.jackson.jq.path.RootPath.getInstance(), (value, path) -> {
                    if (path == null) {
                        throw new JsonQueryException("Invalid path expression with result " + JqValues.toText(value));
                    }
                    if (paths.size() >= limits.maxResults()) {
                        throw new Budget.Exceeded("the expression produced more than " + limits.maxResults() + " paths");
                    }
                    com.fasterxml.jackson.databind.node.ArrayNode segments =
                            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                    path.toJsonNode(segments);
                    paths.add(segments);
                }, true));
        return Collections.unmodifiableList(paths);
    }

    /** The (instrumented) syntax tree inside the compiled query; jackson-jq 1.6.0 keeps it in a private field. */
    private net.thisptr.jackson.jq.Expression pathExpression() {
        net.thisptr.jackson.jq.Expression tree = syntaxTree;
        if (tree == null) {
            try {
                java.lang.reflect.Field field = JsonQuery.class.getDeclaredField("expr");
                field.setAccessible(true);
                tree = (net.thisptr.jackson.jq.Expression) field.get(query);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new JqException(fieldPath, source, null, -1,
                        "cannot evaluate paths (unexpected jackson-jq internals: " + e + ")", e);
            }
            syntaxTree = tree;
        }
        return tree;
    }

    /** Cached by {@link #pathExpression()}; a benign race (every thread finds the same object). */
    private volatile net.thisptr.jackson.jq.Expression syntaxTree;

    /** The jq source. */
    public String source() {
        return source;
    }

    /** JSON path of the RI field holding the expression. */
    public String fieldPath() {
        return fieldPath;
    }

    public JqLimits limits() {
        return limits;
    }

    /** The functions the expression calls, as {@code name/arity}, in the order they appear in the syntax tree. */
    public List<String> functions() {
        return functions;
    }

    @Override
    public String toString() {
        return fieldPath + ": " + source;
    }
}
