package io.kindred.ri.model;

/** jq path to the workload's phase; the first result is the phase. */
public record PhaseDefinition(String path) {
}
