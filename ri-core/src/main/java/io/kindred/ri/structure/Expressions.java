package io.kindred.ri.structure;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.jq.JqException;
import io.kindred.ri.jq.JqExpression;
import java.util.List;

/** Evaluating compiled RI expressions with failures turned into {@link RiEvaluationException}s. */
public final class Expressions {

    private Expressions() {
    }

    /**
     * Evaluates {@code expression} on {@code input}, turning a jq failure into an {@link RiEvaluationException} on the
     * expression's field, prefixed with {@code context} (e.g. {@code component 'worker'}).
     */
    public static List<JsonNode> evaluate(JqExpression expression, JsonNode input, String context) {
        try {
            return expression.evaluate(input);
        } catch (JqException e) {
            throw failure(e, context);
        }
    }

    /** An {@link RiEvaluationException} for a jq failure, on the expression's field. */
    public static RiEvaluationException failure(JqException e, String context) {
        String problem = e.getDetail();
        return new RiEvaluationException(e.getFieldPath(), context == null ? problem : context + ": " + problem, e);
    }
}
