package io.kindred.events;

/**
 * Default names of Kindred's Kafka topics. Services make each name configurable; these are the values they use
 * when nothing is configured, so producers and consumers agree out of the box.
 */
public final class Topics {

    /** Compacted; key = workload type name; value = {@link WorkloadTypeEvent} (or a tombstone after a deletion). */
    public static final String WORKLOAD_TYPES = "workload-types";

    /** Compacted; key = Kubernetes object UID; value = {@link WorkloadStatusEvent}. */
    public static final String WORKLOAD_STATUS = "workload-status";

    /** Not compacted; key = workload object UID; value = {@link SchedulingDirectiveEvent}. */
    public static final String SCHEDULING_DIRECTIVES = "scheduling-directives";

    /**
     * Compacted; key = cluster id + '/' + workload type name; value = {@link ClusterTypeStatusEvent} (or a tombstone
     * after the type was unregistered).
     */
    public static final String CLUSTER_TYPE_STATUS = "cluster-type-status";

    private Topics() {
    }
}
