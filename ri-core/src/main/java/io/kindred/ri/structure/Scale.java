package io.kindred.ri.structure;

/**
 * The replica counts of one component instance, as its scaleDefinition reads them from the workload object.
 * {@code null} means absent (no path, or the path yielded {@code null}), which is kept distinct from an explicit 0.
 */
public record Scale(Integer replicas, Integer minReplicas, Integer maxReplicas) {

    /** A scale with nothing set. */
    public static final Scale ABSENT = new Scale(null, null, null);

    /**
     * How many pods of this instance must run together, as the reference computes it: {@code minReplicas} if it is
     * greater than 0, else {@code replicas} if greater than 0, else 0 ("defined higher up"). So an explicit
     * {@code minReplicas: 0} counts like an absent one: it falls back to {@code replicas}. Run:ai and KAI behave
     * this way; RIs written for them must get the same gang sizes here.
     */
    public int effectiveMinimum() {
        if (minReplicas != null && minReplicas > 0) {
            return minReplicas;
        }
        if (replicas != null && replicas > 0) {
            return replicas;
        }
        return 0;
    }

    /** True when no count is set. */
    public boolean isAbsent() {
        return replicas == null && minReplicas == null && maxReplicas == null;
    }
}
