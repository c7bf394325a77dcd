package io.kindred.workloadtypes;

import java.util.Objects;

/**
 * One Kubernetes kind at one API version: the unit the service watches (one informer per GVK).
 *
 * @param group API group, empty for the core group
 * @param version API version, e.g. {@code v1}
 * @param kind Kind, which is also the workload type name
 */
public record GroupVersionKind(String group, String version, String kind) {

    public GroupVersionKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
    }

    /** The apiVersion text objects of this kind carry: {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Compact, unambiguous text used in logs, health details and metric tags, e.g. {@code PyTorchJob.kubeflow.org/v1}. */
    @Override
    public String toString() {
        return group.isEmpty() ? kind + "/" + version : kind + "." + group + "/" + version;
    }
}
