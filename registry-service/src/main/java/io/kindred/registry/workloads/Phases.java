package io.kindred.registry.workloads;

/**
 * Run:ai's workload phase of a Workloads V2 workload, from what the registry knows: the desired phase and the sync
 * result of the current revision (control-plane phases) and the RI's abstract state the status mapper last observed.
 *
 * <ul>
 * <li>Desired phase Deleted: Deleting (also once deleted: such workloads are listed only with {@code deleted=true}).</li>
 * <li>The current revision could not be applied (sync Failed): Failed, with the API server's message.</li>
 * <li>No state observed yet: Creating.</li>
 * <li>INITIALIZING, RUNNING, DEGRADED, COMPLETED, FAILED: the phase of the same name.</li>
 * <li>UNDEFINED: Pending while the workload never left it (its pods are not scheduled yet), Unknown after.</li>
 * <li>DELETED observed while the workload should run (removed behind Kindred's back): Unknown.</li>
 * </ul>
 */
final class Phases {

    private Phases() {
    }

    static String of(WorkloadEntity workload) {
        if (WorkloadService.DELETED.equals(workload.desiredPhase)) {
            return "Deleting";
        }
        if ("Failed".equals(workload.syncStatus)) {
            return "Failed";
        }
        if (workload.state == null) {
            return "Creating";
        }
        return switch (workload.state) {
            case "INITIALIZING" -> "Initializing";
            case "RUNNING" -> "Running";
            case "DEGRADED" -> "Degraded";
            case "COMPLETED" -> "Completed";
            case "FAILED" -> "Failed";
            case "UNDEFINED" -> workload.everLeftUndefined ? "Unknown" : "Pending";
            default -> "Unknown";
        };
    }

    /** The message that goes with the phase: the sync failure, else none. */
    static String message(WorkloadEntity workload) {
        return "Failed".equals(workload.syncStatus) ? workload.syncMessage : null;
    }

    /**
     * Pods running, as far as the abstract state tells: the events carry no pod counts, so a Running or Degraded
     * workload counts its gang's minimum (or its requested pods), anything else 0.
     */
    static int runningPods(WorkloadEntity workload) {
        if ("RUNNING".equals(workload.state) || "DEGRADED".equals(workload.state)) {
            if (workload.requestedMinPods != null) {
                return workload.requestedMinPods;
            }
            return workload.requestedPods == null ? 0 : workload.requestedPods;
        }
        return 0;
    }
}
