package io.kindred.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kindred.registry.clusterstatus.WorkloadTypeStatus;
import java.time.Instant;
import java.util.List;

/**
 * Run:ai's WorkloadTypeConfig, field for field. {@code preemptibility} is the effective one (explicit, else derived
 * from the priority as Run:ai documents); {@code clusterStatuses} is always present: one entry per cluster whose status mapper reports on the type, empty
 * until one does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "id", "name", "group", "categoryId", "categoryName", "priorityId", "priorityName", "preemptibility",
        "resourceInterfaces", "createdAt", "createdBy", "updatedAt", "updatedBy", "clusterStatuses" })
public record WorkloadTypeConfig(
        String id,
        String name,
        String group,
        String categoryId,
        String categoryName,
        String priorityId,
        String priorityName,
        String preemptibility,
        List<ResourceInterfaceWithVersion> resourceInterfaces,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<WorkloadTypeStatus> clusterStatuses) {
}
