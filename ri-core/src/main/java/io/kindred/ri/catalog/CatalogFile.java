package io.kindred.ri.catalog;

import io.kindred.ri.model.GroupVersionKind;
import io.kindred.ri.model.ResourceInterfaceSpec;

/**
 * One file of the built-in catalog after it was read and checked: a Resource Interface for one (kind, version).
 *
 * @param fileName     the file name as listed in {@code index.txt} ({@code pytorchjob.yaml})
 * @param metadataName the ResourceInterface object's {@code metadata.name}
 * @param kind         the root component's group, version and kind
 * @param category     the {@code kindred.io/category} annotation
 * @param priority     the {@code kindred.io/priority} annotation
 * @param sources      the {@code kindred.io/sources} annotation: where the status and gang rules come from
 * @param spec         the parsed spec
 * @param specJson     the spec as canonical JSON
 */
record CatalogFile(
        String fileName,
        String metadataName,
        GroupVersionKind kind,
        String category,
        String priority,
        String sources,
        ResourceInterfaceSpec spec,
        String specJson) {

    /** The file name without its {@code .yaml} extension: the name of the file's fixture folder. */
    String stem() {
        return fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - ".yaml".length()) : fileName;
    }
}
