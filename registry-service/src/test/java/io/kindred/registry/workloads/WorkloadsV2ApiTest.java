package io.kindred.registry.workloads;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.Condition;
import io.kindred.events.PodGroupRequirement;
import io.kindred.events.SyncStatus;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadSyncEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.registry.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workloads V2 on the devstack: submissions go out through the outbox; sync results and the status mapper's states
 * (published here as the scheduler-adapter and the mapper would) come back as syncInfo and Run:ai's phase.
 */
@QuarkusTest
class WorkloadsV2ApiTest {

    static final String V2 = "/api/v2/workloads";
    static final String V1 = "/api/v1/workloads";
    static final String CLUSTER = "71f69d83-ba66-4822-adf5-55ce55efd210";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static WorkloadTopics topics;
    private static String kind;

    /** Registers the test's workload type once (REST Assured's port is set once the application runs). */
    @BeforeEach
    void registerType() {
        ensureType();
    }

    /**
     * The test's workload type, once for every test class of the package that uses these helpers, and the topics,
     * opened again for a class that runs after this one closed them (the classes' order is not fixed).
     */
    static synchronized void ensureType() {
        if (topics == null) {
            topics = new WorkloadTopics();
        }
        if (kind == null) {
            kind = TestApi.uniqueKind("TrainJob");
            TestApi.create(kind, "v1");
        }
    }

    @AfterAll
    static synchronized void close() {
        if (topics != null) {
            topics.close();
            topics = null;
        }
    }

    static RequestSpecification asResearcher() {
        return given().auth().oauth2(TestApi.token("test-researcher", "test-researcher-secret"))
                .contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A PyTorchJob-shaped manifest of the registered type: one master and {@code workers} workers. */
    static ObjectNode manifest(String kind, String name, int workers) {
        ObjectNode manifest = TestApi.JSON.createObjectNode();
        manifest.put("apiVersion", TestApi.TEST_GROUP + "/v1").put("kind", kind);
        manifest.putObject("metadata").put("name", name);
        ObjectNode replicas = manifest.putObject("spec").putObject("pytorchReplicaSpecs");
        replica(replicas.putObject("Master"), 1);
        replica(replicas.putObject("Worker"), workers);
        return manifest;
    }

    private static void replica(ObjectNode spec, int replicas) {
        spec.put("replicas", replicas);
        spec.putObject("template").putObject("spec").putArray("containers").addObject()
                .put("name", "pytorch").put("image", "pytorch:2");
    }

    static ObjectNode createBody(String projectId, ObjectNode manifest) {
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.putObject("metadata").put("projectId", projectId).put("useGivenNameAsPrefix", false);
        body.set("manifest", manifest);
        return body;
    }

    static String submit(String name) {
        Response created = asResearcher().body(createBody("1", manifest(kind, name, 3)).toString()).post(V2);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(202);
        return created.path("metadata.id");
    }

    static String kind() {
        return kind;
    }

    static WorkloadTopics topics() {
        return topics;
    }

    static void sync(String workloadId, long revision, SyncStatus status, String message, String uid) {
        topics.send("workload-sync", workloadId, WorkloadSyncEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setWorkloadId(workloadId).setRevision(revision).setClusterId(CLUSTER).setStatus(status)
                .setMessage(message).setObjectUid(uid).build());
    }

    static void state(String name, String uid, AbstractState state, List<Condition> conditions) {
        state(name, uid, state, conditions, List.of(), List.of());
    }

    /** A state with the object's component scales and gangs, as the status mapper reports them. */
    static void state(String name, String uid, AbstractState state, List<Condition> conditions,
            List<ComponentScale> components, List<PodGroupRequirement> podGroups) {
        topics.send("workload-status", uid, WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setObservedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setClusterId(CLUSTER).setGroup(TestApi.TEST_GROUP).setVersion("v1").setKind(kind)
                .setNamespace("runai-team-vision").setName(name).setUid(uid)
                .setWorkloadType(WorkloadTypeRef.newBuilder().setName(kind).setRevision(1).build())
                .setState(state).setPhase(state.name()).setConditions(conditions).setComponents(components)
                .setPodGroups(podGroups).build());
    }

    static void awaitPhase(String id, String phase) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase"))
                .isEqualTo(phase));
    }

    static void awaitSync(String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(asResearcher().get(V2 + "/" + id).<String>path("syncInfo.status"))
                .isEqualTo(status));
    }

    @Test
    void aSubmissionIsPublishedSyncedAndItsPhaseFollowsTheMapper() {
        String id = submit("resnet-ddp");

        Response got = given().auth().oauth2(TestApi.viewerToken()).get(V2 + "/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.<String>path("syncInfo.status")).isEqualTo("Queued");
        assertThat(got.<String>path("workload.metadata.createdBy")).isEqualTo("test-researcher");
        assertThat(got.<String>path("workload.metadata.projectName")).isEqualTo("team-vision");
        assertThat(got.<String>path("workload.metadata.gvk.kind")).isEqualTo(kind);
        assertThat(got.<String>path("workload.workloadManifest.metadata.namespace")).isEqualTo("runai-team-vision");
        assertThat(got.<String>path("workload.desiredPhase")).isEqualTo("Running");

        GenericRecord submission = topics.submissionsOf(id, 1, WAIT).get(0);
        assertThat(submission.get("revision")).isEqualTo(1L);
        assertThat(submission.get("clusterId").toString()).isEqualTo(CLUSTER);
        assertThat(submission.get("desiredPhase").toString()).isEqualTo("RUNNING");
        assertThat(submission.get("kind").toString()).isEqualTo(kind);
        assertThat(submission.get("priority").toString()).isEqualTo("low"); // the type's default
        GenericRecord project = (GenericRecord) submission.get("project");
        assertThat(project.get("namespace").toString()).isEqualTo("runai-team-vision");
        assertThat(project.get("queue").toString()).isEqualTo("team-vision");
        assertThat(submission.get("manifest").toString()).contains("\"name\":\"resnet-ddp\"")
                .contains("\"namespace\":\"runai-team-vision\"");
        assertThat(submission.get("submittedBy").toString()).isEqualTo("test-researcher");

        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Creating");
        String uid = UUID.randomUUID().toString();
        sync(id, 1, SyncStatus.APPLYING, null, null);
        sync(id, 1, SyncStatus.SYNCED, null, uid);
        awaitSync(id, "Synced");

        state("resnet-ddp", uid, AbstractState.INITIALIZING,
                List.of(Condition.newBuilder().setType("Created").setStatus("True").build()));
        awaitPhase(id, "Initializing");
        state("resnet-ddp", uid, AbstractState.RUNNING,
                List.of(Condition.newBuilder().setType("Running").setStatus("True").setReason("JobRunning").build()));
        awaitPhase(id, "Running");
        Response running = asResearcher().get(V1 + "/" + id);
        assertThat(running.<Integer>path("runningPods")).isEqualTo(4);
        assertThat(running.<Integer>path("requestedPods.number")).isEqualTo(4);
        assertThat(running.<String>path("sourceApi")).isEqualTo("WorkloadsV2");
        assertThat(running.<String>path("conditions[0].type")).isEqualTo("Running");
        assertThat(running.<String>path("category")).isEqualTo("Train");
        assertThat(running.<String>path("priorityClassName")).isEqualTo("low");
        state("resnet-ddp", uid, AbstractState.COMPLETED,
                List.of(Condition.newBuilder().setType("Succeeded").setStatus("True").build()));
        awaitPhase(id, "Completed");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("completedAt")).isNotNull();
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("runningPods")).isZero();
    }

    @Test
    void aStateOfAnObjectNoWorkloadNamesChangesNothing() {
        String id = submit("lonely");
        state("someone-else", UUID.randomUUID().toString(), AbstractState.RUNNING, List.of());
        sync(id, 1, SyncStatus.SYNCED, null, null);
        awaitSync(id, "Synced");
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("phase")).isEqualTo("Creating");
    }

    @Test
    void dryRunValidatesAndStoresNothing() {
        Response dry = asResearcher().queryParam("dryRun", "true")
                .body(createBody("1", manifest(kind, "dry-one", 2)).toString()).post(V2);
        assertThat(dry.statusCode()).as(dry.asString()).isEqualTo(202);
        String id = dry.path("metadata.id");
        assertThat(asResearcher().get(V2 + "/" + id).statusCode()).isEqualTo(404);
        assertThat(asResearcher().queryParam("filterBy", "name==dry-one").get(V1).<List<?>>path("workloads")).isEmpty();
        assertThat(topics.drain(Duration.ofSeconds(2))).noneMatch(record -> id.equals(record.key()));

        Response dryInvalid = asResearcher().queryParam("dryRun", "true")
                .body(createBody("9", manifest(kind, "dry-two", 2)).toString()).post(V2);
        assertThat(dryInvalid.statusCode()).isEqualTo(400);
    }

    @Test
    void aBase64YamlManifestIsAccepted() {
        String yaml = "apiVersion: " + TestApi.TEST_GROUP + "/v1\nkind: " + kind + "\nmetadata:\n  name: from-yaml\n"
                + "spec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n"
                + "          containers: [{name: pytorch, image: pytorch:2}]\n";
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.putObject("metadata").put("projectId", "1").put("name", "yaml-job").put("priority", "high");
        body.put("manifestBase64Encoded", Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)));
        Response created = asResearcher().body(body.toString()).post(V2);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(202);
        assertThat(created.<String>path("metadata.name")).isEqualTo("yaml-job");
        assertThat(created.<String>path("workloadManifest.metadata.name")).isEqualTo("yaml-job");
        assertThat(created.<String>path("rawManifest.metadata.name")).isEqualTo("from-yaml");
        assertThat(created.<String>path("metadata.priority")).isEqualTo("high");
    }

    @Test
    void aGivenNameIsAPrefixWhenAsked() {
        ObjectNode body = createBody("1", manifest(kind, "ignored", 1));
        ((ObjectNode) body.get("metadata")).put("name", "sweep").put("useGivenNameAsPrefix", true);
        Response created = asResearcher().body(body.toString()).post(V2);
        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(created.<String>path("metadata.name")).matches("sweep-[a-z0-9]{5}");
    }

    @Test
    void badRequestsAre400NamingTheField() {
        assertBad(createBody("1", manifest("NotRegisteredKind", "x", 1)), "manifest.kind");
        ObjectNode wrongVersion = manifest(kind, "x", 1).put("apiVersion", TestApi.TEST_GROUP + "/v9");
        assertBad(createBody("1", wrongVersion), "manifest.apiVersion: version 'v9'");
        ObjectNode wrongGroup = manifest(kind, "x", 1).put("apiVersion", "other.example.com/v1");
        assertBad(createBody("1", wrongGroup), "manifest.apiVersion: group 'other.example.com'");
        ObjectNode both = createBody("1", manifest(kind, "x", 1)).put("manifestBase64Encoded", "YQ==");
        assertBad(both, "manifestBase64Encoded: manifest and manifestBase64Encoded are mutually exclusive");
        ObjectNode neither = createBody("1", manifest(kind, "x", 1));
        neither.remove("manifest");
        assertBad(neither, "manifest: is required");
        ObjectNode badBase64 = createBody("1", manifest(kind, "x", 1));
        badBase64.remove("manifest");
        badBase64.put("manifestBase64Encoded", "not*base64!");
        assertBad(badBase64, "manifestBase64Encoded: is not valid base64");
        ObjectNode oversized = createBody("1", manifest(kind, "x", 1));
        oversized.remove("manifest");
        oversized.put("manifestBase64Encoded", "A".repeat(Manifests.MAX_CHARACTERS + 4));
        assertBad(oversized, "manifestBase64Encoded: is 2097156 characters; at most 2097152");
        assertBad(createBody("42", manifest(kind, "x", 1)), "metadata.projectId: no project with id '42'");
        ObjectNode noProject = createBody("1", manifest(kind, "x", 1));
        ((ObjectNode) noProject.get("metadata")).remove("projectId");
        assertBad(noProject, "metadata.projectId: is required");
        ObjectNode noTemplate = manifest(kind, "x", 1);
        ((ObjectNode) noTemplate.path("spec").path("pytorchReplicaSpecs").path("Master")).remove("template");
        ((ObjectNode) noTemplate.path("spec").path("pytorchReplicaSpecs").path("Worker")).remove("template");
        assertBad(createBody("1", noTemplate), "manifest: defines no pods where its Resource Interface reads them: "
                + "component 'master' at podTemplateSpecPath .spec.pytorchReplicaSpecs.Master.template");
        ObjectNode otherNamespace = manifest(kind, "x", 1);
        ((ObjectNode) otherNamespace.get("metadata")).put("namespace", "kube-system");
        assertBad(createBody("1", otherNamespace), "manifest.metadata.namespace");
        ObjectNode badPriority = createBody("1", manifest(kind, "x", 1));
        ((ObjectNode) badPriority.get("metadata")).put("priority", "urgent");
        assertBad(badPriority, "metadata.priority: 'urgent'");
        ObjectNode badName = createBody("1", manifest(kind, "x", 1));
        ((ObjectNode) badName.get("metadata")).put("name", "Not_A_Name");
        assertBad(badName, "metadata.name");
    }

    private static void assertBad(ObjectNode body, String detail) {
        Response response = asResearcher().body(body.toString()).post(V2);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.<Integer>path("code")).isEqualTo(400);
        assertThat(response.<String>path("message")).isNotBlank();
        assertThat(response.<String>path("details")).contains(detail);
    }

    @Test
    void deleteIsAcceptedPublishedAndEndsDeleted() {
        String id = submit("to-delete");
        Response deleted = asResearcher().delete(V2 + "/" + id);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(deleted.<String>path("desiredPhase")).isEqualTo("Deleted");
        assertThat(deleted.<String>path("metadata.deletedBy")).isEqualTo("test-researcher");
        List<GenericRecord> events = topics.submissionsOf(id, 2, WAIT);
        assertThat(events.get(1).get("desiredPhase").toString()).isEqualTo("DELETED");
        assertThat(events.get(1).get("revision")).isEqualTo(2L);
        assertThat(asResearcher().delete(V2 + "/" + id).statusCode()).isEqualTo(202); // again: nothing new

        sync(id, 2, SyncStatus.DELETING, null, null);
        sync(id, 2, SyncStatus.DELETED, null, null);
        awaitSync(id, "Deleted");
        assertThat(asResearcher().queryParam("filterBy", "name==to-delete").get(V1).<List<?>>path("workloads")).isEmpty();
        assertThat(asResearcher().queryParam("deleted", "true").queryParam("filterBy", "name==to-delete").get(V1)
                .<List<String>>path("workloads.id")).containsExactly(id);
        assertThat(asResearcher().body("{\"metadata\":{\"priority\":\"high\"}}").put(V2 + "/" + id).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aRefusedManifestIsFailedWithTheApiServersMessage() {
        String id = submit("refused");
        sync(id, 1, SyncStatus.FAILED, "admission webhook \"validate.example\" denied the request: no GPUs", null);
        awaitSync(id, "Failed");
        assertThat(asResearcher().get(V2 + "/" + id).<String>path("syncInfo.message")).contains("denied the request");
        Response v1 = asResearcher().get(V1 + "/" + id);
        assertThat(v1.<String>path("phase")).isEqualTo("Failed");
        assertThat(v1.<String>path("phaseMessage")).contains("no GPUs");
    }

    @Test
    void anUpdateIsANewRevisionAndOlderResultsNoLongerCount() {
        String id = submit("resizable");
        Response updated = asResearcher()
                .body("{\"metadata\":{\"priority\":\"high\",\"category\":\"Build\"},\"manifest\":"
                        + manifest(kind, "resizable", 5) + "}")
                .put(V2 + "/" + id);
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(202);
        assertThat(updated.<String>path("metadata.updatedBy")).isEqualTo("test-researcher");
        List<GenericRecord> events = topics.submissionsOf(id, 2, WAIT);
        assertThat(events.get(1).get("revision")).isEqualTo(2L);
        assertThat(events.get(1).get("priority").toString()).isEqualTo("high");
        assertThat(events.get(1).get("category").toString()).isEqualTo("Build");
        assertThat(events.get(1).get("manifest").toString()).contains("\"replicas\":5");

        sync(id, 1, SyncStatus.SYNCED, null, null); // the old revision's result: ignored
        sync(id, 2, SyncStatus.APPLYING, null, null);
        awaitSync(id, "Applying");
        assertThat(asResearcher().get(V1 + "/" + id).<Integer>path("requestedPods.number")).isEqualTo(6);
        assertThat(asResearcher().get(V1 + "/" + id).<String>path("priorityClassName")).isEqualTo("high");

        ObjectNode otherKind = manifest(kind, "resizable", 1).put("kind", "Pod").put("apiVersion", "v1");
        Response refused = asResearcher().body("{\"manifest\":" + otherKind + "}").put(V2 + "/" + id);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.<String>path("details")).contains("manifest.kind");
    }

    @Test
    void rolesAndTokens() {
        ObjectNode body = createBody("1", manifest(kind, "role-check", 1));
        assertThat(given().auth().oauth2(TestApi.viewerToken()).contentType(ContentType.JSON).body(body.toString())
                .post(V2).statusCode()).isEqualTo(403);
        assertThat(given().contentType(ContentType.JSON).body(body.toString()).post(V2).statusCode()).isEqualTo(401);
        assertThat(TestApi.asAdmin().body(body.toString()).post(V2).statusCode()).isEqualTo(202);
        String id = submit("role-check-2");
        assertThat(given().auth().oauth2(TestApi.viewerToken()).get(V1 + "/" + id).statusCode()).isEqualTo(200);
        assertThat(given().auth().oauth2(TestApi.viewerToken()).delete(V2 + "/" + id).statusCode()).isEqualTo(403);
        assertThat(asResearcher().body(body.toString()).post(V2).statusCode()).isEqualTo(409); // same name again
    }

    @Test
    void listingPagesFiltersAndSorts() {
        String a = submit("page-a");
        String b = submit("page-b");
        Response asc = asResearcher().queryParam("filterBy", "name=^page-").queryParam("sortBy", "name").get(V1);
        assertThat(asc.<List<String>>path("workloads.id")).containsExactly(a, b);
        Response desc = asResearcher().queryParam("filterBy", "name=^page-").queryParam("sortBy", "name")
                .queryParam("sortOrder", "desc").queryParam("limit", "1").get(V1);
        assertThat(desc.<List<String>>path("workloads.id")).containsExactly(b);
        assertThat(desc.<Integer>path("next")).isEqualTo(1);
        assertThat(asResearcher().queryParam("limit", "0").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("sortBy", "nodepool").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("filterBy", "bogus==1").get(V1).statusCode()).isEqualTo(400);
        assertThat(asResearcher().queryParam("filterBy", "phase==Creating").queryParam("filterBy", "name=^page-")
                .get(V1).<List<String>>path("workloads.id")).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void projectsAreListed() {
        Response list = asResearcher().get("/api/v1/org-unit/projects");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.<List<String>>path("projects.name")).containsExactly("team-nlp", "team-vision");
        assertThat(asResearcher().queryParam("filterBy", "name==team-vision").get("/api/v1/org-unit/projects")
                .<List<String>>path("projects.status.namespace")).containsExactly("runai-team-vision");
        assertThat(asResearcher().get("/api/v1/org-unit/projects/1").<String>path("clusterId")).isEqualTo(CLUSTER);
        assertThat(asResearcher().get("/api/v1/org-unit/projects/77").statusCode()).isEqualTo(404);
    }
}
