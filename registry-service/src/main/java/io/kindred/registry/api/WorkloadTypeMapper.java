package io.kindred.registry.api;

import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.clusterstatus.ClusterStatusReader;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadtypes.ApiGroups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/** Presents a stored workload type as Run:ai's WorkloadTypeConfig. */
@ApplicationScoped
public class WorkloadTypeMapper {

    @Inject
    WorkloadProperties properties;

    @Inject
    ClusterStatusReader clusterStatuses;

    public WorkloadTypeConfig toConfig(WorkloadTypeEntity type) {
        List<ResourceInterfaceWithVersion> interfaces = type.resourceInterfaces.stream()
                .sorted(Comparator.comparingInt(ri -> ri.position))
                .map(ri -> ResourceInterfaceWithVersion.of(ri.version, ri.specJson))
                .toList();
        return new WorkloadTypeConfig(
                type.id.toString(),
                type.name,
                ApiGroups.toApi(type.group),
                type.categoryId.toString(),
                properties.category(type.categoryId).map(WorkloadProperties.Category::name).orElse(null),
                type.priorityId.toString(),
                properties.priority(type.priorityId).map(WorkloadProperties.Priority::name).orElse(null),
                properties.effectivePreemptibility(type.preemptibility, type.priorityId),
                interfaces,
                type.createdAt,
                type.createdBy,
                type.updatedAt,
                type.updatedBy,
                clusterStatuses.statuses(type.name, interfaces.stream().map(ResourceInterfaceWithVersion::version).toList()));
    }

    /** Strong ETag of a type's current version, for optimistic concurrency through If-Match. */
    public static String etag(WorkloadTypeEntity type) {
        return "\"" + type.optLock + "\"";
    }
}
