package io.kindred.ri.model;

/** jq paths (on the workload object) to a component's replica counts; each may be {@code null}. */
public record ScaleDefinition(String replicasPath, String minReplicasPath, String maxReplicasPath) {
}
