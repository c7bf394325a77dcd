package io.kindred.ri.model;

/**
 * One component of the workload hierarchy. The root has no {@code ownerRef}; every child names its parent.
 */
public record ComponentDefinition(
        String name,
        GroupVersionKind kind,
        String ownerRef,
        SpecDefinition specDefinition,
        ScaleDefinition scaleDefinition,
        StatusDefinition statusDefinition,
        String instanceIdPath,
        PodSelector podSelector) {

    /**
     * A leaf defines pods: it has a podTemplateSpecPath, a podSpecPath or a fragmentedPodSpecDefinition. A
     * metadataPath alone, or an empty specDefinition, does not make a leaf.
     */
    public boolean isLeaf() {
        return specDefinition != null && specDefinition.definesPods();
    }

    /** True when the component declares several instances through {@code instanceIdPath}. */
    public boolean hasInstances() {
        return instanceIdPath != null;
    }
}
