package io.kindred.registry.workloads;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Run:ai's Workloads v1 shapes ({@code Workload}, the list answer, {@code RequestedPods}, {@code Condition1}). */
public final class WorkloadV1Api {

    private WorkloadV1Api() {
    }

    /** Answer of GET /api/v1/workloads: {@code next} is the offset of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkloadList(Integer next, List<Workload> workloads) {
    }

    /** Run:ai's {@code Workload} (and {@code WorkloadDetailed}, which adds nothing Kindred fills). */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Workload(
            String type,
            String name,
            String id,
            String source,
            String sourceApi,
            Integer priority,
            String priorityClassName,
            String submittedBy,
            String clusterId,
            String projectName,
            String projectId,
            String departmentName,
            String departmentId,
            String namespace,
            Instant createdAt,
            String phase,
            String phaseMessage,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<Condition> conditions,
            String k8sPhase,
            int tenantId,
            int runningPods,
            RequestedPods requestedPods,
            Instant phaseUpdatedAt,
            Instant k8sPhaseUpdatedAt,
            Instant updatedAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant deletedAt,
            Instant completedAt,
            String category,
            boolean preemptible,
            ActionsSupport actionsSupport) {
    }

    /** {@code RequestedPods}: the pods the manifest asks for and its gang's minimum. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestedPods(Integer number, Integer min) {
    }

    /** {@code Condition1}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String type, String status, String message, String reason) {
    }

    /** {@code ActionsSupport}: a V2 workload not deleted can be deleted and suspended/resumed. */
    public record ActionsSupport(boolean delete, boolean suspend) {
    }
}
