package io.kindred.ri.model;

/** How to tell, from a pod, which component, instance and replica it belongs to. Each part may be {@code null}. */
public record PodSelector(
        ComponentTypeSelector componentTypeSelector,
        ComponentInstanceSelector componentInstanceSelector,
        ReplicaSelector replicaSelector) {
}
