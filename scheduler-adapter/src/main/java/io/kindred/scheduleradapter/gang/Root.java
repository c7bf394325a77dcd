package io.kindred.scheduleradapter.gang;

/**
 * The root object of a workload: the object of a registered type that no other registered object controls.
 *
 * @param group     API group, {@code ""} for the core group
 * @param namespace {@code null} for a cluster-scoped object
 */
public record Root(String group, String version, String kind, String namespace, String name, String uid) {

    public String apiVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code Kind namespace/name (uid)}, for log lines and messages. */
    public String describe() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (" + uid + ")";
    }
}
