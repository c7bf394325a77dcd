package io.kindred.ri.structure;

/**
 * A workload object (or pod) on which an RI cannot be evaluated: a jq path fails or yields values of the wrong
 * kind, instance ids and values do not pair up, a pod matches no component, a path cannot be written back.
 *
 * <p>{@link #getPath()} is the JSON path of the RI field at fault (for example
 * {@code spec.structureDefinition.childComponents[1].scaleDefinition.replicasPath}), or {@code null} when the
 * problem is not tied to one field (an unknown component name, say). {@link #getMessage()} is a complete sentence
 * including the path; {@link #getProblem()} is the same without it.
 *
 * <p>Unchecked, like {@link RiParseException}: the structure, gang and update APIs document where they throw it,
 * and never let any other exception out of an evaluation.
 */
public class RiEvaluationException extends RuntimeException {

    private final String path;
    private final String problem;

    public RiEvaluationException(String path, String problem) {
        this(path, problem, null);
    }

    public RiEvaluationException(String path, String problem, Throwable cause) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** JSON path of the RI field at fault, or {@code null}. */
    public String getPath() {
        return path;
    }

    /** The problem without the path. */
    public String getProblem() {
        return problem;
    }
}
