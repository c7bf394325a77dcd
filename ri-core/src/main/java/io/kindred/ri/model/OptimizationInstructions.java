package io.kindred.ri.model;

/** Scheduling hints; {@code gangScheduling} may be {@code null}. */
public record OptimizationInstructions(GangScheduling gangScheduling) {
}
