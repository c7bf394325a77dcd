package io.kindred.ri.model;

/**
 * How to find a component's pod specs: at most one of {@code podTemplateSpecPath}, {@code podSpecPath} (optionally
 * with {@code metadataPath}) or {@code fragmentedPodSpecDefinition}.
 */
public record SpecDefinition(
        String podTemplateSpecPath,
        String podSpecPath,
        String metadataPath,
        FragmentedPodSpecDefinition fragmentedPodSpecDefinition) {

    /**
     * How many pod spec definitions are set. {@code metadataPath} does not count: it only complements
     * {@code podSpecPath}.
     */
    public int podSpecDefinitionCount() {
        int count = 0;
        if (podTemplateSpecPath != null) {
            count++;
        }
        if (podSpecPath != null) {
            count++;
        }
        if (fragmentedPodSpecDefinition != null) {
            count++;
        }
        return count;
    }

    /** True when this definition yields pods, which is what makes its component a leaf. */
    public boolean definesPods() {
        return podSpecDefinitionCount() > 0;
    }
}
