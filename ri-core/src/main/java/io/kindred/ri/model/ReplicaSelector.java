package io.kindred.ri.model;

/** jq path on a pod giving the replica (group) the pod belongs to, e.g. the LeaderWorkerSet group index. */
public record ReplicaSelector(String keyPath) {
}
