package io.kindred.ri.model;

/**
 * A Kubernetes group/version/kind. The core API group is the empty string (or absent): {@code ""/v1/Pod}.
 */
public record GroupVersionKind(String group, String version, String kind) {

    /** {@code group/version} as in a manifest's apiVersion; just {@code version} for the core group. */
    public String apiVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + ", Kind=" + kind;
    }
}
