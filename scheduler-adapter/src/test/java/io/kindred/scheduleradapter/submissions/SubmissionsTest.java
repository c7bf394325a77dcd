package io.kindred.scheduleradapter.submissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.devstack.kubernetes.CreationOrder;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.events.DesiredPhase;
import io.kindred.events.ProjectRef;
import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.SyncStatus;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.events.WorkloadSyncEvent;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.CompactedTopics;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.scheduleradapter.Workloads;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workloads V2 submissions against the devstack's Kafka and Kubernetes API, with the KAI backend: a custom registered
 * kind shaped like a PyTorchJob gets its PodGroup before its object, its pod templates carry the binding, updates
 * re-apply, deletion removes object and gang, a stop removes both and a resume re-creates them (gang first), and a kind
 * the API server does not serve is Failed with its message.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class SubmissionsTest {

    private static final String GROUP = "example.kindred.io";
    private static final String KIND = "TrainingRun";
    private static final String UNSERVED = "UnservedRun";
    private static final String NS = "runai-team-vision";
    private static final ResourceDefinitionContext RUNS = AdapterTestKit.context(GROUP, "v1", KIND, "trainingruns");

    @BeforeAll
    static void registerTypes() {
        AdapterTestKit.installCrd(GROUP, KIND, "trainingruns", "v1");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        registerCustom(KIND);
        registerCustom(UNSERVED);
    }

    /** A custom kind with the PyTorchJob RI, published as the registry would. */
    private static void registerCustom(String kind) {
        CatalogEntry pytorch = Workloads.type("PyTorchJob");
        List<ResourceInterfaceVersion> versions = pytorch.versions().stream()
                .map(v -> new ResourceInterfaceVersion(v.version(),
                        v.specJson().replace("kubeflow.org", GROUP).replace("\"PyTorchJob\"", "\"" + kind + "\"")))
                .toList();
        WorkloadType type = WorkloadType.newBuilder().setId(UUID.randomUUID().toString()).setName(kind).setGroup(GROUP)
                .setCategoryId("c").setCategoryName("Train").setPriorityId("p").setPriorityName("low")
                .setBuiltin(false).setVersions(versions).build();
        AdapterTestKit.send("workload-types", kind, WorkloadTypeEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setChange(WorkloadTypeChange.CREATED).setRevision(1)
                .setName(kind).setType(type).build());
    }

    private static String manifest(String kind, int workers) {
        ObjectNode manifest = Serialization.jsonMapper().createObjectNode();
        manifest.put("apiVersion", GROUP + "/v1").put("kind", kind);
        manifest.putObject("metadata").put("name", "ignored").put("namespace", NS);
        ObjectNode replicas = manifest.putObject("spec").putObject("pytorchReplicaSpecs");
        for (Map.Entry<String, Integer> replica : Map.of("Master", 1, "Worker", workers).entrySet()) {
            ObjectNode spec = replicas.putObject(replica.getKey());
            spec.put("replicas", replica.getValue());
            spec.putObject("template").putObject("spec").putArray("containers").addObject()
                    .put("name", "pytorch").put("image", "pytorch:2");
        }
        return manifest.toString();
    }

    private static WorkloadSubmissionEvent submission(String workloadId, long revision, DesiredPhase phase, String kind,
            String name, int workers) {
        return WorkloadSubmissionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setWorkloadId(workloadId)
                .setRevision(revision).setClusterId("test-cluster").setDesiredPhase(phase)
                .setProject(ProjectRef.newBuilder().setId("1").setName("team-vision").setNamespace(NS)
                        .setQueue("team-vision").build())
                .setGroup(GROUP).setVersion("v1").setKind(kind).setName(name).setManifest(manifest(kind, workers))
                .setPriority("high").setCategory("Train").setPreemptibility("non-preemptible").setSubmittedBy("alice")
                .build();
    }

    private static void submit(WorkloadSubmissionEvent event) {
        AdapterTestKit.send("workload-submissions", event.getWorkloadId(), event);
    }

    /** Every sync result of one workload published so far, in order. */
    private static List<WorkloadSyncEvent> results(String workloadId) {
        List<WorkloadSyncEvent> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = AdapterTestKit.kafka().rawConsumer("sync-reader")) {
            var deserializer = AdapterTestKit.kafka().<WorkloadSyncEvent>avroDeserializer();
            var partitions = CompactedTopics.partitions(consumer, "workload-sync", Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, Duration.ofSeconds(10));
            while (!CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    WorkloadSyncEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    if (event != null && event.getWorkloadId().equals(workloadId)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }

    private static List<SyncStatus> statuses(String workloadId, long revision) {
        return results(workloadId).stream().filter(e -> e.getRevision() == revision).map(WorkloadSyncEvent::getStatus).toList();
    }

    private static GenericKubernetesResource run(String name) {
        return AdapterTestKit.kubernetes().genericKubernetesResources(RUNS).inNamespace(NS).withName(name).get();
    }

    private static GenericKubernetesResource podGroup(String name) {
        return AdapterTestKit.podGroup("scheduling.run.ai", "v2alpha2", NS, name);
    }

    private static JsonNode json(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    @Test
    void aSubmissionGetsItsGangFirstIsBoundAndSynced() {
        String id = UUID.randomUUID().toString();
        Map<String, Long> createdAt = new java.util.concurrent.ConcurrentHashMap<>();
        try (Watch groups = watchCreations(AdapterTestKit.context("scheduling.run.ai", "v2alpha2", "PodGroup", "podgroups"),
                createdAt); Watch runs = watchCreations(RUNS, createdAt)) {
            submit(submission(id, 1, DesiredPhase.RUNNING, KIND, "resnet", 3));
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 1).contains(SyncStatus.SYNCED));
            await().atMost(Duration.ofSeconds(10)).until(() -> createdAt.containsKey("TrainingRun/resnet"));
        }
        assertThat(statuses(id, 1)).containsExactly(SyncStatus.APPLYING, SyncStatus.SYNCED);
        GenericKubernetesResource object = run("resnet");
        String groupName = "kindred-" + id + "-job";
        GenericKubernetesResource group = podGroup(groupName);
        assertThat(group).as("PodGroup " + groupName).isNotNull();
        // the API server numbers every write (one counter): the group was created before the object
        assertThat(createdAt.get("PodGroup/" + groupName)).as("PodGroup created")
                .isLessThan(createdAt.get("TrainingRun/resnet"));

        JsonNode spec = json(group).path("spec");
        assertThat(gangSize(spec)).isEqualTo(4);
        assertThat(spec.path("subGroups").findValuesAsText("name")).containsExactly("master", "worker");
        assertThat(spec.path("queue").asText()).isEqualTo("team-vision");
        assertThat(group.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(object.getMetadata().getUid()));
        assertThat(group.getMetadata().getLabels()).containsEntry("kindred.io/workload-uid", object.getMetadata().getUid());

        JsonNode applied = json(object);
        assertThat(applied.path("metadata").path("labels").path("kindred.io/workload-id").asText()).isEqualTo(id);
        for (String replica : List.of("Master", "Worker")) {
            JsonNode template = applied.path("spec").path("pytorchReplicaSpecs").path(replica).path("template");
            assertThat(template.path("metadata").path("annotations").path("pod-group-name").asText())
                    .as(replica + " template binding").isEqualTo(groupName);
            assertThat(template.path("metadata").path("labels").path("kai.scheduler/queue").asText()).isEqualTo("team-vision");
            assertThat(template.path("metadata").path("labels").path("kai.scheduler/subgroup-name").asText())
                    .isEqualTo(replica.toLowerCase(java.util.Locale.ROOT));
            assertThat(template.path("spec").path("schedulerName").asText()).isEqualTo("kai-scheduler");
            assertThat(template.path("spec").path("priorityClassName").asText()).isEqualTo("high");
        }
        WorkloadSyncEvent synced = results(id).get(1);
        assertThat(synced.getObjectUid()).isEqualTo(object.getMetadata().getUid());
        assertThat(synced.getPodGroups()).containsExactly(groupName);

        // update: a new revision re-applies with the new scale
        submit(submission(id, 2, DesiredPhase.RUNNING, KIND, "resnet", 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 2).contains(SyncStatus.SYNCED));
        assertThat(gangSize(json(podGroup(groupName)).path("spec"))).isEqualTo(6);
        assertThat(json(run("resnet")).path("spec").path("pytorchReplicaSpecs").path("Worker").path("replicas").asInt())
                .isEqualTo(5);
        assertThat(run("resnet").getMetadata().getUid()).isEqualTo(object.getMetadata().getUid());

        // a replayed older revision changes nothing
        submit(submission(id, 1, DesiredPhase.RUNNING, KIND, "resnet", 3));

        // delete: object and gang gone
        submit(submission(id, 3, DesiredPhase.DELETED, KIND, "resnet", 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 3).contains(SyncStatus.DELETED));
        assertThat(statuses(id, 3)).containsExactly(SyncStatus.DELETING, SyncStatus.DELETED);
        assertThat(run("resnet")).isNull();
        assertThat(podGroup(groupName)).isNull();
        assertThat(results(id).stream().filter(e -> e.getRevision() == 3).toList().get(1).getPodGroups()).contains(groupName);
        assertThat(statuses(id, 1)).containsExactly(SyncStatus.APPLYING, SyncStatus.SYNCED);
    }

    /** KAI's gang size: minMember, or the sum of its sub-groups' minimums. */
    private static int gangSize(JsonNode spec) {
        if (spec.has("minMember")) {
            return spec.path("minMember").asInt();
        }
        int sum = 0;
        for (JsonNode subGroup : spec.path("subGroups")) {
            sum += subGroup.path("minMember").asInt();
        }
        return sum;
    }

    private static Watch watchCreations(ResourceDefinitionContext context, Map<String, Long> createdAt) {
        return CreationOrder.record(AdapterTestKit.kubernetes(), context, NS, createdAt);
    }

    @Test
    void aStoppedWorkloadLosesItsObjectAndGangAndAResumedOneGetsBothBackGangFirst() {
        String id = UUID.randomUUID().toString();
        String groupName = "kindred-" + id + "-job";
        submit(submission(id, 1, DesiredPhase.RUNNING, KIND, "pausable", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 1).contains(SyncStatus.SYNCED));
        String firstUid = run("pausable").getMetadata().getUid();

        submit(submission(id, 2, DesiredPhase.STOPPED, KIND, "pausable", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 2).contains(SyncStatus.SYNCED));
        assertThat(statuses(id, 2)).containsExactly(SyncStatus.DELETING, SyncStatus.SYNCED);
        WorkloadSyncEvent stopped = results(id).stream().filter(e -> e.getRevision() == 2).toList().get(1);
        assertThat(stopped.getMessage()).startsWith("Stopped");
        assertThat(stopped.getObjectUid()).isNull();
        assertThat(stopped.getPodGroups()).contains(groupName);
        assertThat(run("pausable")).isNull();
        assertThat(podGroup(groupName)).isNull();

        Map<String, Long> createdAt = new java.util.concurrent.ConcurrentHashMap<>();
        try (Watch groups = watchCreations(AdapterTestKit.context("scheduling.run.ai", "v2alpha2", "PodGroup", "podgroups"),
                createdAt); Watch runs = watchCreations(RUNS, createdAt)) {
            submit(submission(id, 3, DesiredPhase.RUNNING, KIND, "pausable", 2));
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 3).contains(SyncStatus.SYNCED));
            await().atMost(Duration.ofSeconds(10)).until(() -> createdAt.containsKey("TrainingRun/pausable"));
        }
        assertThat(statuses(id, 3)).containsExactly(SyncStatus.APPLYING, SyncStatus.SYNCED);
        GenericKubernetesResource resumed = run("pausable");
        assertThat(resumed.getMetadata().getUid()).isNotEqualTo(firstUid);
        assertThat(results(id).stream().filter(e -> e.getRevision() == 3).toList().get(1).getObjectUid())
                .isEqualTo(resumed.getMetadata().getUid());
        assertThat(createdAt.get("PodGroup/" + groupName)).as("PodGroup created again, before the object")
                .isLessThan(createdAt.get("TrainingRun/pausable"));
        assertThat(podGroup(groupName).getMetadata().getLabels())
                .containsEntry("kindred.io/workload-uid", resumed.getMetadata().getUid());
        assertThat(json(resumed).path("spec").path("pytorchReplicaSpecs").path("Worker").path("template")
                .path("metadata").path("annotations").path("pod-group-name").asText()).isEqualTo(groupName);

        // stopping a workload whose object is already gone is still Synced (stopped), never stuck
        submit(submission(id, 4, DesiredPhase.STOPPED, KIND, "pausable", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 4).contains(SyncStatus.SYNCED));
        submit(submission(id, 5, DesiredPhase.STOPPED, KIND, "pausable", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 5).contains(SyncStatus.SYNCED));
        assertThat(run("pausable")).isNull();
    }

    @Test
    void aKindTheApiServerDoesNotServeIsFailedWithItsMessageOnce() {
        String id = UUID.randomUUID().toString();
        submit(submission(id, 1, DesiredPhase.RUNNING, UNSERVED, "nowhere", 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 1).contains(SyncStatus.FAILED));
        assertThat(statuses(id, 1)).containsExactly(SyncStatus.APPLYING, SyncStatus.FAILED);
        assertThat(results(id).get(1).getMessage()).contains("does not serve " + UNSERVED);
        assertThat(podGroup("kindred-" + id + "-job")).as("no PodGroup left without its object").isNull();

        submit(submission(id, 2, DesiredPhase.DELETED, UNSERVED, "nowhere", 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(id, 2).contains(SyncStatus.DELETED));
        assertThat(statuses(id, 2)).containsExactly(SyncStatus.DELETING, SyncStatus.DELETED);
    }

    @Test
    void otherClustersSubmissionsAreLeftAlone() {
        String id = UUID.randomUUID().toString();
        WorkloadSubmissionEvent other = submission(id, 1, DesiredPhase.RUNNING, KIND, "elsewhere", 1);
        other.setClusterId("another-cluster");
        submit(other);
        String mine = UUID.randomUUID().toString();
        submit(submission(mine, 1, DesiredPhase.RUNNING, KIND, "here", 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(mine, 1).contains(SyncStatus.SYNCED));
        assertThat(results(id)).isEmpty();
        assertThat(run("elsewhere")).isNull();
    }
}
