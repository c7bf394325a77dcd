package io.kindred.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Realistic events, as the three services would publish them for one PyTorchJob / LeaderWorkerSet. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-03-14T09:26:53.589Z");

    private SampleEvents() {
    }

    static WorkloadTypeEvent pyTorchJobTypeUpdated() {
        return WorkloadTypeEvent.newBuilder()
                .setEventId("0b6f6a3e-4a1f-4f8e-9a57-2f4f0c1d7e11")
                .setOccurredAt(AT)
                .setChange(WorkloadTypeChange.UPDATED)
                .setRevision(3L)
                .setName("PyTorchJob")
                .setType(WorkloadType.newBuilder()
                        .setId("7d5e1c7a-93b2-4c55-8d0e-0c3f4b6f2a90")
                        .setName("PyTorchJob")
                        .setGroup("kubeflow.org")
                        .setCategoryId("3f2b0a3c-8d84-4e8e-bb54-4b0b5cfa1b02")
                        .setCategoryName("Train")
                        .setPriorityId("e2a1f6d4-51c9-4a77-9f0e-6a1c2b3d4e5f")
                        .setPriorityName("low")
                        .setPreemptibility("preemptible")
                        .setBuiltin(true)
                        .setVersions(List.of(ResourceInterfaceVersion.newBuilder()
                                .setVersion("v1")
                                .setResourceInterface(resource("/events/pytorchjob-v1-ri.json"))
                                .build()))
                        .build())
                .build();
    }

    static WorkloadStatusEvent pyTorchJobRunning() {
        return WorkloadStatusEvent.newBuilder()
                .setEventId("a41c0f5e-2b7d-4d8b-8f3e-9c1e5a7b3d20")
                .setObservedAt(AT)
                .setClusterId("gpu-cluster-eu-1")
                .setGroup("kubeflow.org")
                .setVersion("v1")
                .setKind("PyTorchJob")
                .setNamespace("team-vision")
                .setName("resnet50-ddp")
                .setUid("5c9b7e2a-1d3f-4a6b-8c0e-7f2d4b6a8c1e")
                .setGeneration(2L)
                .setObservedGeneration(2L)
                .setResourceVersion("481736")
                .setWorkloadType(WorkloadTypeRef.newBuilder().setName("PyTorchJob").setRevision(3L).build())
                .setState(AbstractState.RUNNING)
                .setPreviousState(AbstractState.INITIALIZING)
                .setMatchedStatuses(List.of("running"))
                .setPhase("Running")
                .setConditions(List.of(
                        Condition.newBuilder().setType("Created").setStatus("True")
                                .setReason("PyTorchJobCreated")
                                .setMessage("PyTorchJob team-vision/resnet50-ddp is created.").build(),
                        Condition.newBuilder().setType("Running").setStatus("True")
                                .setReason("PyTorchJobRunning")
                                .setMessage("PyTorchJob team-vision/resnet50-ddp is running.").build()))
                .setComponents(List.of(
                        ComponentScale.newBuilder().setComponent("master").setInstanceId("")
                                .setReplicas(1).build(),
                        ComponentScale.newBuilder().setComponent("worker").setInstanceId("")
                                .setReplicas(4).setMinReplicas(2).setMaxReplicas(8).build()))
                .setPodGroups(List.of(PodGroupRequirement.newBuilder()
                        .setName("job").setMinMember(3).setMembers(List.of("master", "worker")).build()))
                .build();
    }

    static SchedulingDirectiveEvent leaderWorkerSetEnsured() {
        return SchedulingDirectiveEvent.newBuilder()
                .setEventId("c7e9a1b3-5d2f-4e6a-9b8c-0d1e2f3a4b5c")
                .setIssuedAt(AT)
                .setClusterId("gpu-cluster-eu-1")
                .setWorkload(WorkloadRef.newBuilder()
                        .setGroup("leaderworkerset.x-k8s.io")
                        .setVersion("v1")
                        .setKind("LeaderWorkerSet")
                        .setNamespace("team-llm")
                        .setName("llama-70b-serving")
                        .setUid("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
                        .build())
                .setAction(DirectiveAction.ENSURE)
                .setBackend(GangBackend.KAI)
                .setPodGroups(List.of(lwsGroup(0), lwsGroup(1)))
                .setOutcome(DirectiveOutcome.APPLIED)
                .setCauseEventId("a41c0f5e-2b7d-4d8b-8f3e-9c1e5a7b3d20")
                .build();
    }

    private static PodGroupDirective lwsGroup(int index) {
        return PodGroupDirective.newBuilder()
                .setName("pg-llama-70b-serving-9e8d7c6b-group-" + index)
                .setMinMember(4)
                .setSubGroups(List.of(
                        SubGroup.newBuilder().setName("leader").setMinMember(1).build(),
                        SubGroup.newBuilder().setName("workers").setMinMember(3).build()))
                .setQueue("team-llm")
                .setPriorityClassName("inference")
                .setPreemptibility("non-preemptible")
                .build();
    }

    private static String resource(String path) {
        try (InputStream in = SampleEvents.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
