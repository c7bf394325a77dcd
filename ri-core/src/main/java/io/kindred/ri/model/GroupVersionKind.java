package io.kindred.ri.model;

/**
 * A Kubernetes group/version/kind: a root or child kind in a Resource Interface, and the unit the services watch
 * (one informer per GVK). The core API group is the empty string; a parsed RI may leave it absent (null), which
 * means the same.
 *
 * @param group API group, empty (or null) for the core group
 * @param version API version, e.g. {@code v1}
 * @param kind Kind, e.g. {@code PyTorchJob}; for a workload type's own GVK also the type's name
 */
public record GroupVersionKind(String group, String version, String kind) {

    /** The apiVersion text objects of this kind carry: {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return isCoreGroup() ? version : group + "/" + version;
    }

    /**
     * Compact, unambiguous text used in logs, health details and metric tags: {@code PyTorchJob.kubeflow.org/v1},
     * {@code Pod/v1} for the core group.
     */
    @Override
    public String toString() {
        return isCoreGroup() ? kind + "/" + version : kind + "." + group + "/" + version;
    }

    private boolean isCoreGroup() {
        return group == null || group.isEmpty();
    }
}
