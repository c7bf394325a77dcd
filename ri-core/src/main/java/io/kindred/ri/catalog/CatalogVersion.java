package io.kindred.ri.catalog;

import io.kindred.ri.model.ResourceInterfaceSpec;
import java.util.Objects;

/**
 * One supported CRD version of a built-in workload type and its Resource Interface.
 *
 * @param version  the Kubernetes API version of the root kind ({@code v1}, {@code v2beta1} …)
 * @param spec     the parsed RI spec
 * @param specJson the same spec as canonical JSON ({@link io.kindred.ri.RiParser#toJson}), ready to publish
 */
public record CatalogVersion(String version, ResourceInterfaceSpec spec, String specJson) {

    public CatalogVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(specJson, "specJson");
    }
}
