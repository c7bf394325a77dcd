package io.kindred.ri.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A built-in workload type: one Kubernetes kind with its default category and priority, and one Resource Interface
 * per supported CRD version.
 *
 * @param name     the Kubernetes Kind ({@code PyTorchJob}); the workload type's name
 * @param group    the API group ({@code kubeflow.org}); empty for core kinds such as Pod
 * @param category the default category: {@code Build}, {@code Train} or {@code Deploy}
 * @param priority the default priority: {@code very-low}, {@code low}, {@code medium-low}, {@code medium},
 *                 {@code medium-high}, {@code high} or {@code very-high}
 * @param versions the supported versions in catalog order (never empty)
 */
public record CatalogEntry(String name, String group, String category, String priority, List<CatalogVersion> versions) {

    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(priority, "priority");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a catalog entry needs at least one version: " + name);
        }
    }

    /** The RI for this API version, if the entry supports it. */
    public Optional<CatalogVersion> version(String apiVersion) {
        return versions.stream().filter(v -> v.version().equals(apiVersion)).findFirst();
    }
}
