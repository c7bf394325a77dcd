package io.kindred.ri;

/**
 * An RI document that cannot be read: bad YAML/JSON, an unknown field, a value of the wrong type, a wrong envelope.
 *
 * <p>{@link #getPath()} is the JSON path of the offending field (for example
 * {@code spec.structureDefinition.childComponents[1].scaleDefinition.replicaPath}), or {@code null} for syntax
 * errors, which carry a {@link #getLine() line} and {@link #getColumn() column} instead. {@link #getMessage()} is a
 * complete sentence including the path or position; {@link #getProblem()} is the same without them.
 */
public class RiParseException extends RuntimeException {

    private final String path;
    private final String problem;
    private final int line;
    private final int column;

    public RiParseException(String path, String problem) {
        this(path, problem, -1, -1, null);
    }

    public RiParseException(String path, String problem, int line, int column, Throwable cause) {
        super(describe(path, problem, line, column), cause);
        this.path = path;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    private static String describe(String path, String problem, int line, int column) {
        StringBuilder sb = new StringBuilder();
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        if (line > 0) {
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }

    /** JSON path of the offending field, or {@code null} when the problem is not tied to a field. */
    public String getPath() {
        return path;
    }

    /** The problem without path or position. */
    public String getProblem() {
        return problem;
    }

    /** 1-based line of a syntax error, or -1. */
    public int getLine() {
        return line;
    }

    /** 1-based column of a syntax error, or -1. */
    public int getColumn() {
        return column;
    }
}
