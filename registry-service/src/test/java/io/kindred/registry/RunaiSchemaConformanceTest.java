package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static io.kindred.registry.TestApi.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.kindred.registry.catalog.StableIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire contract: every response body validates against the schema Run:ai's OpenAPI gives for it. */
@QuarkusTest
class RunaiSchemaConformanceTest {

    private static final String TYPES = "/api/v1/workload-types";

    @jakarta.inject.Inject
    io.kindred.kafka.KafkaClients kafka;

    @Test
    void workloadTypeResponsesMatchWorkloadTypeConfig() {
        String kind = TestApi.uniqueKind("Conformant");
        Response created = asAdmin().body(TestApi.createBody(kind, "v1", "v2").toString()).post(TYPES);
        assertThat(created.statusCode()).isEqualTo(201);
        assertValid(RunaiSchemas.component("WorkloadTypeConfig", json(created)));
        assertValid(RunaiSchemas.response(TYPES, "post", "201", json(created)));
        String id = created.path("id");

        Response fetched = asViewer().get(TYPES + "/" + id);
        assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "get", "200", json(fetched)));

        Response updated = asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\",\"preemptibility\":\"preemptible\"}")
                .put(TYPES + "/" + id);
        assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "put", "200", json(updated)));
    }

    @Test
    void nonEmptyClusterStatusesMatchWorkloadTypeStatusInEveryPhase() {
        String kind = TestApi.uniqueKind("ClusterConformant");
        String id = TestApi.create(kind, "v1", "v2");
        java.time.Instant now = java.time.Instant.now();
        ClusterReportsOnKafka.send(kafka, "3d6f0a1b-2c4e-4f8a-9b1c-5d7e9f0a2b4c", kind, ClusterReportsOnKafka.report(
                "3d6f0a1b-2c4e-4f8a-9b1c-5d7e9f0a2b4c", kind, now, ClusterReportsOnKafka.watching("v1", true),
                ClusterReportsOnKafka.watching("v2", false)));
        ClusterReportsOnKafka.send(kafka, "lab", kind, ClusterReportsOnKafka.report("lab", kind, now,
                ClusterReportsOnKafka.watching("v1", true), ClusterReportsOnKafka.notInstalled("v2", "not served")));
        ClusterReportsOnKafka.send(kafka, "old", kind, ClusterReportsOnKafka.report("old", kind,
                now.minus(java.time.Duration.ofDays(1)), ClusterReportsOnKafka.notInstalled("v1", "not served")));
        JsonNode fetched = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> json(asViewer().get(TYPES + "/" + id)), body -> body.get("clusterStatuses").size() == 3);
        assertThat(fetched.get("clusterStatuses").findValuesAsText("phase"))
                .containsExactlyInAnyOrder("Ready", "NotReady", "Unknown");

        assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "get", "200", fetched));
        for (JsonNode status : fetched.get("clusterStatuses")) {
            assertValid(RunaiSchemas.component("WorkloadTypeStatus", status));
        }
        assertValid(RunaiSchemas.response(TYPES, "get", "200", json(asViewer().get(TYPES))));
        Response updated = asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + id);
        assertThat(json(updated).get("clusterStatuses")).hasSize(3);
        assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "put", "200", json(updated)));
    }

    @Test
    void theListMatchesWithBuiltInsOfTheCoreGroupIncluded() {
        JsonNode body = json(asViewer().get(TYPES));
        assertValid(RunaiSchemas.response(TYPES, "get", "200", body));
        assertThat(body.get("types").findValuesAsText("name")).contains("Pod");
        for (JsonNode type : body.get("types")) {
            assertValid(RunaiSchemas.component("WorkloadTypeConfig", type));
            Response one = asViewer().get(TYPES + "/" + type.get("id").asText());
            assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "get", "200", json(one)));
        }

        Response filtered = asViewer().queryParam("filterBy", "group!=").get(TYPES);
        assertThat(filtered.statusCode()).isEqualTo(400);
        Response external = asViewer().queryParam("externalTypesOnly", "true").get(TYPES);
        assertValid(RunaiSchemas.response(TYPES, "get", "200", json(external)));
        Response core = asViewer().queryParam("filterBy", "group==core").get(TYPES);
        assertValid(RunaiSchemas.response(TYPES, "get", "200", json(core)));
    }

    @Test
    void aCoreGroupTypeCreatedWithAnEmptyGroupIsAnsweredInTheSchema() {
        com.fasterxml.jackson.databind.node.ObjectNode body = TestApi.createBodyInGroup("ReplicationController", "core", "v1");
        body.put("group", "");
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("resourceInterfaces")).set(0, TestApi.ri("ReplicationController", "", "v1"));
        Response created = asAdmin().body(body.toString()).post(TYPES);
        assertThat(created.statusCode()).isEqualTo(201);
        assertValid(RunaiSchemas.response(TYPES, "post", "201", json(created)));
        Response updated = asAdmin().body("{\"group\":\"\",\"priorityId\":\"" + TestApi.HIGH + "\"}")
                .put(TYPES + "/" + created.path("id"));
        assertValid(RunaiSchemas.response(TYPES + "/{workloadTypeId}", "put", "200", json(updated)));
        assertThat(asAdmin().delete(TYPES + "/" + created.path("id")).statusCode()).isEqualTo(204);
    }

    @Test
    void categoryAndPriorityResponsesMatch() {
        assertValid(RunaiSchemas.response("/api/v1/workload-categories", "get", "200", json(asViewer().get("/api/v1/workload-categories"))));
        assertValid(RunaiSchemas.response("/api/v1/workload-categories/{categoryId}", "get", "200",
                json(asViewer().get("/api/v1/workload-categories/" + StableIds.category("Build")))));
        assertValid(RunaiSchemas.response("/api/v1/workload-priorities", "get", "200", json(asViewer().get("/api/v1/workload-priorities"))));
    }

    @Test
    void tokenResponseMatches() {
        Response token = given().contentType(ContentType.JSON)
                .body("{\"grantType\":\"app_token\",\"AppId\":\"test-viewer\",\"AppSecret\":\"test-viewer-secret\"}")
                .post("/api/v1/token");
        assertThat(token.statusCode()).isEqualTo(200);
        assertValid(RunaiSchemas.response("/api/v1/token", "post", "200", json(token)));
    }

    @Test
    void everyErrorBodyMatchesError() {
        String id = TestApi.create(TestApi.uniqueKind("Errors"));
        Response[] errors = {
                asAdmin().body("{").post(TYPES),                                                       // 400 malformed
                asAdmin().body("{\"x\":1}").put(TYPES + "/" + id),                                      // 400 unknown field
                asViewer().get(TYPES + "/nope"),                                                         // 400 bad id
                given().get(TYPES),                                                                      // 401
                asViewer().delete(TYPES + "/" + id),                                                     // 403
                asViewer().get(TYPES + "/6f1c0000-0000-4000-8000-000000000000"),                          // 404
                asAdmin().body(TestApi.createBodyInGroup("PyTorchJob", "kubeflow.org", "v1").toString()).post(TYPES), // 409
                asAdmin().body("{\"n\":\"" + "x".repeat(3_500_000) + "\"}").post(TYPES),                 // 413
                asAdmin().contentType(ContentType.TEXT).body("x").post(TYPES),                          // 415
                asAdmin().body("{}").patch(TYPES + "/" + id) };                                          // 405
        for (Response error : errors) {
            assertThat(error.statusCode()).isBetween(400, 499);
            JsonNode body = json(error);
            assertValid(RunaiSchemas.component("Error", body));
            assertThat(body.get("code").asInt()).isEqualTo(error.statusCode());
        }
    }

    @Test
    void workloadsV2AndV1ResponsesMatch() {
        String kind = TestApi.uniqueKind("ConformantJob");
        TestApi.create(kind, "v1");
        String researcher = TestApi.token("test-researcher", "test-researcher-secret");
        String manifest = "{\"apiVersion\":\"" + TestApi.TEST_GROUP + "/v1\",\"kind\":\"" + kind + "\","
                + "\"metadata\":{\"name\":\"conformant\"},\"spec\":{\"pytorchReplicaSpecs\":{\"Master\":{\"replicas\":1,"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}}}";
        Response created = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body("{\"metadata\":{\"projectId\":\"1\",\"useGivenNameAsPrefix\":true,\"name\":\"conformant\"},"
                        + "\"manifest\":" + manifest + "}")
                .post("/api/v2/workloads");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(202);
        assertValid(RunaiSchemas.response("/api/v2/workloads", "post", "202", json(created)));
        String id = created.path("metadata.id");
        String one = "/api/v2/workloads/{WorkloadV2Id}";
        Response fetched = given().auth().oauth2(researcher).get("/api/v2/workloads/" + id);
        assertValid(RunaiSchemas.response(one, "get", "200", json(fetched)));
        Response updated = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body("{\"metadata\":{\"priority\":\"very-high\"}}").put("/api/v2/workloads/" + id);
        assertValid(RunaiSchemas.response(one, "put", "202", json(updated)));

        assertValid(RunaiSchemas.v1Response("/api/v1/workloads", "get", "200",
                json(given().auth().oauth2(researcher).get("/api/v1/workloads"))));
        assertValid(RunaiSchemas.v1Response("/api/v1/workloads/{workloadId}", "get", "200",
                json(given().auth().oauth2(researcher).get("/api/v1/workloads/" + id))));
        assertValid(RunaiSchemas.v1Response("/api/v1/org-unit/projects", "get", "200",
                json(given().auth().oauth2(researcher).get("/api/v1/org-unit/projects"))));
        assertValid(RunaiSchemas.v1Response("/api/v1/org-unit/projects/{projectId}", "get", "200",
                json(given().auth().oauth2(researcher).get("/api/v1/org-unit/projects/1"))));

        // suspended: Run:ai's {code, message} answer (its HttpResponse; not in the excerpts), phase Stopping
        Response suspended = given().auth().oauth2(researcher).post("/api/v2/workloads/" + id + "/suspend");
        assertThat(suspended.statusCode()).isEqualTo(202);
        assertThat(json(suspended).path("code").isInt()).isTrue();
        assertThat(json(suspended).path("message").isTextual()).isTrue();
        Response stopping = given().auth().oauth2(researcher).get("/api/v1/workloads/" + id);
        assertThat(stopping.<String>path("phase")).isEqualTo("Stopping");
        assertValid(RunaiSchemas.v1Response("/api/v1/workloads/{workloadId}", "get", "200", json(stopping)));
        assertValid(RunaiSchemas.response(one, "get", "200", json(given().auth().oauth2(researcher).get("/api/v2/workloads/" + id))));
        assertThat(given().auth().oauth2(researcher).post("/api/v2/workloads/" + id + "/resume").statusCode()).isEqualTo(202);

        Response deleted = given().auth().oauth2(researcher).delete("/api/v2/workloads/" + id);
        assertValid(RunaiSchemas.response(one, "delete", "202", json(deleted)));
        assertValid(RunaiSchemas.response(one, "get", "200", json(given().auth().oauth2(researcher).get("/api/v2/workloads/" + id))));
        assertValid(RunaiSchemas.v1Response("/api/v1/workloads", "get", "200",
                json(given().auth().oauth2(researcher).queryParam("deleted", "true").get("/api/v1/workloads"))));
        Response bad = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body("{\"metadata\":{\"projectId\":\"404\"},\"manifest\":" + manifest + "}").post("/api/v2/workloads");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertValid(RunaiSchemas.component("Error", json(bad)));
    }

    private static JsonNode json(Response response) {
        try {
            return TestApi.JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    private static Set<String> messages(Set<ValidationMessage> messages) {
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    private static void assertValid(Set<ValidationMessage> messages) {
        assertThat(messages(messages)).as("schema violations").isEmpty();
    }
}
