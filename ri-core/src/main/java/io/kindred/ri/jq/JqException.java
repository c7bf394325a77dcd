package io.kindred.ri.jq;

/**
 * A jq expression of an RI that cannot be compiled or evaluated. Carries where the expression sits in the RI
 * ({@link #getFieldPath()}), the expression itself, and, when known, the construct at fault and its position.
 *
 * <p>Unchecked, so that callers evaluating many expressions can collect errors where they see fit; the API never
 * lets any other exception out of jq compilation or evaluation.
 */
public class JqException extends RuntimeException {

    private final String fieldPath;
    private final String expression;
    private final String construct;
    private final int position;
    private final String problem;

    public JqException(String fieldPath, String expression, String problem) {
        this(fieldPath, expression, null, -1, problem, null);
    }

    public JqException(String fieldPath, String expression, String construct, int position, String problem, Throwable cause) {
        super(describe(fieldPath, expression, position, problem), cause);
        this.fieldPath = fieldPath;
        this.expression = expression;
        this.construct = construct;
        this.position = position;
        this.problem = problem;
    }

    private static String describe(String fieldPath, String expression, int position, String problem) {
        StringBuilder sb = new StringBuilder();
        if (fieldPath != null && !fieldPath.isEmpty()) {
            sb.append(fieldPath).append(": ");
        }
        sb.append(problem);
        if (position >= 0 && expression != null) {
            sb.append(' ').append(JqLexer.describePosition(expression, position));
        }
        if (expression != null) {
            sb.append(" in jq expression ").append(quote(expression));
        }
        return sb.toString();
    }

    private static String quote(String expression) {
        String shown = expression.length() > 200 ? expression.substring(0, 200) + "…" : expression;
        return "'" + shown.replace("\n", "\\n") + "'";
    }

    /** JSON path of the RI field holding the expression, e.g. {@code spec.structureDefinition.rootComponent.…}. */
    public String getFieldPath() {
        return fieldPath;
    }

    /** The jq source. */
    public String getExpression() {
        return expression;
    }

    /** The construct at fault, e.g. {@code "recurse/0"}, {@code "|="}, {@code ".."}, or {@code null}. */
    public String getConstruct() {
        return construct;
    }

    /** 0-based character offset of the construct in the expression, or -1 when unknown. */
    public int getPosition() {
        return position;
    }

    /** The message without the field path: the problem, its position and the expression. */
    public String getDetail() {
        return describe(null, expression, position, problem);
    }

    /** The problem alone, without field path and expression. */
    public String getProblem() {
        return problem;
    }
}
