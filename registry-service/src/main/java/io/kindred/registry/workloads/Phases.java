package io.kindred.registry.workloads;

/**
 * What goes with a workload's phase in Run:ai's v1 shape. The phase itself is computed by the database
 * ({@link WorkloadEntity#phase}, defined in V4__workloads_lifecycle.sql) so lists filter and sort on it in the query.
 */
final class Phases {

    private Phases() {
    }

    /** The message that goes with the phase: the sync failure, else none. */
    static String message(WorkloadEntity workload) {
        return "Failed".equals(workload.syncStatus) ? workload.syncMessage : null;
    }

    /**
     * Pods running, from the latest status event: the status mapper observes the object, not its pods, so a Running
     * workload counts the pods its pod-bearing components declare in that event (its scale now, which follows an
     * elastic resize), a Degraded one its gangs' minimum as that event computes it (what must run for it to be only
     * degraded), capped by the declared pods. Before any pod count is reported, the submitted manifest's counts stand
     * in. Any other phase runs no pods.
     */
    static int runningPods(WorkloadEntity workload) {
        if (!"Running".equals(workload.phase) && !"Degraded".equals(workload.phase)) {
            return 0;
        }
        Integer declared = workload.reportedPods != null ? workload.reportedPods : workload.requestedPods;
        if ("Running".equals(workload.phase)) {
            return declared == null ? 0 : declared;
        }
        Integer minimum = workload.reportedMinPods != null ? workload.reportedMinPods : workload.requestedMinPods;
        if (minimum == null) {
            return declared == null ? 0 : declared;
        }
        return declared == null ? minimum : Math.min(minimum, declared);
    }
}
