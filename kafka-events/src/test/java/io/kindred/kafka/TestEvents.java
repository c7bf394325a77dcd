package io.kindred.kafka;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.kindred.events.AbstractState;
import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.events.WorkloadTypeRef;

/** Small but complete events of two of the three contracts. */
final class TestEvents {

    private TestEvents() {
    }

    static WorkloadStatusEvent status(String uid, AbstractState state) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setObservedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setClusterId("test-cluster")
                .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob")
                .setNamespace("team-a").setName("job-" + uid).setUid(uid)
                .setGeneration(1L).setObservedGeneration(1L).setResourceVersion("1")
                .setWorkloadType(WorkloadTypeRef.newBuilder().setName("PyTorchJob").setRevision(1L).build())
                .setState(state)
                .setPreviousState(null)
                .setMatchedStatuses(List.of())
                .setPhase(null)
                .setError(null)
                .build();
    }

    static WorkloadTypeEvent type(String name, long revision) {
        return WorkloadTypeEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setChange(WorkloadTypeChange.CREATED)
                .setRevision(revision)
                .setName(name)
                .setType(WorkloadType.newBuilder()
                        .setId(UUID.randomUUID().toString()).setName(name).setGroup("example.com")
                        .setCategoryId("train").setCategoryName("Train")
                        .setPriorityId("low").setPriorityName("low")
                        .setPreemptibility(null).setBuiltin(false)
                        .setVersions(List.of(new ResourceInterfaceVersion("v1", "{}")))
                        .build())
                .build();
    }
}
