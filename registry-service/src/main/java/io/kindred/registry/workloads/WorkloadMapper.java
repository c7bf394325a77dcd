package io.kindred.registry.workloads;

import io.kindred.registry.workloadproperties.Preemptibility;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.registry.workloadtypes.ApiGroups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Entities to Run:ai's Workloads V2 and v1 bodies. */
@ApplicationScoped
public class WorkloadMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<WorkloadV1Api.Condition>> CONDITIONS = new TypeReference<>() {
    };

    @Inject
    WorkloadsConfig config;

    public WorkloadV2Api.Workload toV2(WorkloadEntity workload) {
        WorkloadV2Api.Metadata metadata = new WorkloadV2Api.Metadata(workload.name, workload.projectId,
                workload.priority, workload.category, workload.preemptibility, workload.id.toString(),
                new WorkloadV2Api.Gvk(ApiGroups.toApi(workload.group), workload.version, workload.kind),
                workload.projectName, workload.clusterId, config.tenantId(), workload.departmentId,
                workload.departmentName, workload.createdAt, workload.createdBy, workload.updatedAt, workload.updatedBy,
                workload.deletedAt, workload.deletedBy);
        return new WorkloadV2Api.Workload(metadata, workload.desiredPhase, Manifests.parse(workload.workloadManifest),
                Manifests.parse(workload.rawManifest));
    }

    public WorkloadV2Api.GetResponse toGetResponse(WorkloadEntity workload) {
        return new WorkloadV2Api.GetResponse(toV2(workload),
                new WorkloadV2Api.SyncInfo(workload.syncStatus, workload.syncMessage));
    }

    public WorkloadV1Api.Workload toV1(WorkloadEntity workload) {
        return new WorkloadV1Api.Workload(
                workload.kind,
                workload.name,
                workload.id.toString(),
                "Control-plane",
                "WorkloadsV2",
                workload.effectivePriorityValue,
                workload.effectivePriority,
                workload.createdBy,
                workload.clusterId,
                workload.projectName,
                workload.projectId,
                workload.departmentName,
                workload.departmentId,
                workload.namespace,
                workload.createdAt,
                workload.phase,
                Phases.message(workload),
                conditions(workload),
                workload.k8sPhase == null ? "" : workload.k8sPhase,
                config.tenantId(),
                Phases.runningPods(workload),
                new WorkloadV1Api.RequestedPods(workload.requestedPods, workload.requestedMinPods),
                workload.phaseUpdatedAt == null ? workload.updatedAt : workload.phaseUpdatedAt,
                workload.stateObservedAt == null ? workload.updatedAt : workload.stateObservedAt,
                workload.updatedAt,
                workload.deletedAt,
                workload.completedAt,
                workload.effectiveCategory,
                !Preemptibility.NON_PREEMPTIBLE.equals(workload.preemptibility) && workload.effectivePriorityValue < 100,
                new WorkloadV1Api.ActionsSupport(!WorkloadService.DELETED.equals(workload.desiredPhase),
                        !WorkloadService.DELETED.equals(workload.desiredPhase)));
    }

    private static List<WorkloadV1Api.Condition> conditions(WorkloadEntity workload) {
        if (workload.conditionsJson == null) {
            return List.of();
        }
        try {
            return JSON.readValue(workload.conditionsJson, CONDITIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored conditions of workload " + workload.id + " are not JSON", e);
        }
    }
}
