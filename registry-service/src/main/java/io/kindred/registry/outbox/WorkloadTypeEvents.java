package io.kindred.registry.outbox;

import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Describes a workload type's state as the Avro event other services consume (contract: WorkloadTypeEvent). */
@ApplicationScoped
public class WorkloadTypeEvents {

    @Inject
    WorkloadProperties properties;

    public WorkloadTypeEvent toEvent(WorkloadTypeEntity type, WorkloadTypeChange change, long revision, UUID eventId,
            Instant occurredAt) {
        List<ResourceInterfaceVersion> versions = type.resourceInterfaces.stream()
                .sorted(Comparator.comparingInt(ri -> ri.position))
                .map(ri -> ResourceInterfaceVersion.newBuilder().setVersion(ri.version).setResourceInterface(ri.specJson).build())
                .toList();
        WorkloadType state = WorkloadType.newBuilder()
                .setId(type.id.toString())
                .setName(type.name)
                .setGroup(type.group)
                .setCategoryId(type.categoryId.toString())
                .setCategoryName(properties.category(type.categoryId).map(WorkloadProperties.Category::name).orElse(null))
                .setPriorityId(type.priorityId.toString())
                .setPriorityName(properties.priority(type.priorityId).map(WorkloadProperties.Priority::name).orElse(null))
                .setPreemptibility(properties.effectivePreemptibility(type.preemptibility, type.priorityId))
                .setBuiltin(type.builtin)
                .setVersions(versions)
                .build();
        return WorkloadTypeEvent.newBuilder()
                .setEventId(eventId.toString())
                .setOccurredAt(occurredAt)
                .setChange(change)
                .setRevision(revision)
                .setName(type.name)
                .setType(state)
                .build();
    }
}
