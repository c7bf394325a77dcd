package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static io.kindred.registry.TestApi.asViewer;
import static io.kindred.registry.TestApi.createBody;
import static io.kindred.registry.TestApi.createBodyInGroup;
import static io.kindred.registry.TestApi.ri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WorkloadTypesApiTest {

    private static final String TYPES = "/api/v1/workload-types";

    @Test
    void listHasEveryBuiltInWithItsDefaultsFromTheFirstStart() {
        Response response = asViewer().get(TYPES).then().statusCode(200).extract().response();
        List<Map<String, Object>> types = response.path("types");
        assertThat(types).hasSizeGreaterThanOrEqualTo(20);
        List<String> names = response.path("types.name");
        assertThat(names).contains("Deployment", "Pod", "PyTorchJob", "RayCluster", "JobSet");
        Map<String, Object> pytorch = types.stream().filter(t -> t.get("name").equals("PyTorchJob")).findFirst().orElseThrow();
        assertThat(pytorch.get("group")).isEqualTo("kubeflow.org");
        assertThat(pytorch.get("categoryName")).isEqualTo("Train");
        assertThat(pytorch.get("createdBy")).isEqualTo("system");
        assertThat(pytorch.get("clusterStatuses")).isEqualTo(List.of());
        assertThat((List<?>) pytorch.get("resourceInterfaces")).isNotEmpty();
        Map<String, Object> pod = types.stream().filter(t -> t.get("name").equals("Pod")).findFirst().orElseThrow();
        assertThat(pod.get("group")).as("the core group as Run:ai's group pattern can express it").isEqualTo("core");
        String podRiGroup = asViewer().get(TYPES + "/" + pod.get("id")).then().statusCode(200)
                .extract().path("resourceInterfaces[0].resourceInterface.spec.structureDefinition.rootComponent.kind.group");
        assertThat(podRiGroup).as("inside the RI the group stays Kubernetes' own").isEqualTo("");
    }

    @Test
    void anRiTheReferenceAcceptsIsRegisteredAndItsWarningsComeAsWarningHeaders() {
        String kind = TestApi.uniqueKind("Lenient");
        ObjectNode body = createBody(kind, "v1");
        ObjectNode spec = (ObjectNode) body.path("resourceInterfaces").get(0).path("spec");
        ObjectNode root = (ObjectNode) spec.path("structureDefinition").path("rootComponent");
        ((ObjectNode) root.path("statusDefinition")).putObject("statusMappings");
        ObjectNode master = (ObjectNode) spec.path("structureDefinition").path("childComponents").get(0);
        ((ObjectNode) master.path("specDefinition")).put("podTemplateSpecPath", "");
        ((ObjectNode) master.path("podSelector").path("componentTypeSelector")).put("keyPath", ".metadata.labels.service-name");
        Response created = asAdmin().body(body.toString()).post(TYPES).then().statusCode(201)
                .body("name", is(kind)).extract().response();
        List<String> warnings = created.headers().getValues("Warning");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("299 - \"resourceInterfaces[0].spec.structureDefinition.rootComponent"
                + ".statusDefinition.statusMappings: the statusDefinition maps no status");
        assertThat(warnings.get(1)).startsWith("299 - \"resourceInterfaces[0].spec.structureDefinition.childComponents[0]"
                + ".podSelector.componentTypeSelector.keyPath: function name/0 is not defined in jq")
                .contains("'.metadata.labels.service-name'").endsWith("\"");
        // the empty expression is absent: the stored RI leaves it out
        asViewer().get(TYPES + "/" + created.path("id")).then().statusCode(200)
                .body("resourceInterfaces[0].resourceInterface.spec.structureDefinition.childComponents[0].specDefinition",
                        not(org.hamcrest.Matchers.hasKey("podTemplateSpecPath")));
        asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + created.path("id"))
                .then().statusCode(200).header("Warning", nullValue());
    }

    @Test
    void theCoreGroupIsAcceptedAsCoreOrEmptyAndAlwaysShownAsCore() {
        for (String spelled : List.of("core", "")) {
            ObjectNode body = TestApi.createBodyInGroup("ReplicationController", "core", "v1");
            body.put("group", spelled);
            ((ArrayNode) body.get("resourceInterfaces")).set(0, TestApi.ri("ReplicationController", "", "v1"));
            String id = asAdmin().body(body.toString()).post(TYPES).then().statusCode(201)
                    .body("group", is("core"))
                    .body("resourceInterfaces[0].resourceInterface.spec.structureDefinition.rootComponent.kind.group", is(""))
                    .extract().path("id");
            assertThat(names("group==core")).contains("Pod", "ReplicationController").doesNotContain("Deployment");
            asAdmin().body("{\"group\":\"" + (spelled.isEmpty() ? "core" : "") + "\"}").put(TYPES + "/" + id)
                    .then().statusCode(200).body("group", is("core"));
            asAdmin().body("{\"group\":\"apps\"}").put(TYPES + "/" + id).then().statusCode(400)
                    .body("message", containsString("group: cannot be changed (it is 'core')"));
            asAdmin().delete(TYPES + "/" + id).then().statusCode(204);
        }
        ObjectNode wrongRi = TestApi.createBodyInGroup("ReplicationController", "core", "v1");
        asAdmin().body(wrongRi.toString()).post(TYPES).then().statusCode(400)
                .body("details", containsString("rootComponent.kind.group: the root group 'core' must equal the workload type group"));
    }

    @Test
    void kindsHoldingCredentialsOrPermissionsCannotBeWorkloadTypes() {
        for (String kind : List.of("Secret", "ConfigMap", "ServiceAccount")) {
            ObjectNode body = TestApi.createBodyInGroup(kind, "core", "v1");
            ((ArrayNode) body.get("resourceInterfaces")).set(0, TestApi.ri(kind, "", "v1"));
            asAdmin().body(body.toString()).post(TYPES).then().statusCode(400)
                    .body("details", containsString("resourceInterfaces[0].spec.structureDefinition.rootComponent.kind.kind: '"
                            + kind + "' holds credentials or configuration data and cannot be a workload type"));
        }
        for (String kind : List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")) {
            asAdmin().body(TestApi.createBodyInGroup(kind, "rbac.authorization.k8s.io", "v1").toString()).post(TYPES)
                    .then().statusCode(400).body("details", containsString("credentials or permissions"));
        }
    }

    @Test
    void createReturns201WithTheStoredTypeAndGetReturnsTheSame() {
        String kind = TestApi.uniqueKind("Trainer");
        Response created = asAdmin().body(createBody(kind, "v1", "v2").toString()).post(TYPES)
                .then().statusCode(201)
                .header("Location", containsString(TYPES + "/"))
                .header("ETag", notNullValue())
                .body("name", is(kind))
                .body("group", is(TestApi.TEST_GROUP))
                .body("categoryId", is(TestApi.TRAIN))
                .body("categoryName", is("Train"))
                .body("priorityId", is(TestApi.LOW))
                .body("priorityName", is("low"))
                .body("preemptibility", is("preemptible"))
                .body("resourceInterfaces.version", equalTo(List.of("v1", "v2")))
                .body("resourceInterfaces[0].resourceInterface.spec.structureDefinition.rootComponent.kind.kind", is(kind))
                .body("createdBy", is(TestApi.ADMIN_ID))
                .body("updatedBy", is(TestApi.ADMIN_ID))
                .body("clusterStatuses", hasSize(0))
                .extract().response();
        String id = created.path("id");
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");

        Response fetched = asViewer().get(TYPES + "/" + id).then().statusCode(200).extract().response();
        assertThat(fetched.jsonPath().getMap("")).isEqualTo(created.jsonPath().getMap(""));
    }

    @Test
    void createAcceptsTheFullResourceInterfaceObjectAndABareSpec() {
        String kind = TestApi.uniqueKind("Envelope");
        ObjectNode body = createBody(kind, "v1", "v2", "v3");
        ArrayNode interfaces = (ArrayNode) body.get("resourceInterfaces");
        ObjectNode full = TestApi.JSON.createObjectNode();
        full.put("apiVersion", "optimization.nvidia.com/v1alpha1");
        full.put("kind", "ResourceInterface");
        full.putObject("metadata").put("name", "example");
        full.set("spec", interfaces.get(1).get("spec"));
        interfaces.set(1, full);
        interfaces.set(2, interfaces.get(2).get("spec"));
        asAdmin().body(body.toString()).post(TYPES).then().statusCode(201)
                .body("resourceInterfaces.version", equalTo(List.of("v1", "v2", "v3")))
                .body("resourceInterfaces[1].resourceInterface.spec.structureDefinition.rootComponent.kind.version", is("v2"))
                .body("resourceInterfaces[2].resourceInterface.spec", notNullValue());
    }

    @Test
    void explicitPreemptibilityWinsOverThePriorityDefault() {
        String kind = TestApi.uniqueKind("Preempt");
        ObjectNode body = createBody(kind);
        body.put("priorityId", TestApi.HIGH);
        asAdmin().body(body.toString()).post(TYPES).then().statusCode(201).body("preemptibility", is("non-preemptible"));
        String kind2 = TestApi.uniqueKind("Preempt");
        ObjectNode body2 = createBody(kind2);
        body2.put("priorityId", TestApi.HIGH);
        body2.put("preemptibility", "preemptible");
        asAdmin().body(body2.toString()).post(TYPES).then().statusCode(201).body("preemptibility", is("preemptible"));
    }

    @Test
    void duplicateNameIs409() {
        String kind = TestApi.uniqueKind("Twice");
        TestApi.create(kind);
        asAdmin().body(createBody(kind).toString()).post(TYPES).then().statusCode(409)
                .body("code", is(409)).body("message", containsString(kind));
        asAdmin().body(createBodyInGroup("PyTorchJob", "kubeflow.org", "v1").toString()).post(TYPES).then().statusCode(409)
                .body("message", containsString("PyTorchJob"));
    }

    @Test
    void nameMustEqualTheRootKindOfEveryResourceInterface() {
        String kind = TestApi.uniqueKind("Named");
        ObjectNode body = createBody(kind, "v1", "v2");
        ((ArrayNode) body.get("resourceInterfaces")).set(1, ri("SomethingElse", TestApi.TEST_GROUP, "v2"));
        asAdmin().body(body.toString()).post(TYPES).then().statusCode(400)
                .body("code", is(400))
                .body("details", containsString("resourceInterfaces[1].spec.structureDefinition.rootComponent.kind.kind"))
                .body("details", containsString("SomethingElse"));
    }

    @Test
    void groupMustEqualTheRootGroup() {
        String kind = TestApi.uniqueKind("Grouped");
        ObjectNode body = createBody(kind);
        body.put("group", "other.example.io");
        asAdmin().body(body.toString()).post(TYPES).then().statusCode(400)
                .body("details", containsString("resourceInterfaces[0].spec.structureDefinition.rootComponent.kind.group"));
    }

    @Test
    void versionsMustBeUniqueAndAtMostFour() {
        String kind = TestApi.uniqueKind("Versions");
        asAdmin().body(createBody(kind, "v1", "v1").toString()).post(TYPES).then().statusCode(400)
                .body("details", containsString("resourceInterfaces[1]"))
                .body("details", containsString("version 'v1'"));
        asAdmin().body(createBody(kind, "v1", "v2", "v3", "v4", "v5").toString()).post(TYPES).then().statusCode(400)
                .body("details", containsString("at most 4"));
        ObjectNode none = createBody(kind);
        none.putArray("resourceInterfaces");
        asAdmin().body(none.toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("resourceInterfaces: at least one Resource Interface is required"));
        asAdmin().body(createBody(kind).without("resourceInterfaces").toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("resourceInterfaces: is required"));
    }

    @Test
    void everyProblemIsListedWithItsPath() {
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.put("name", "not a kind");
        body.put("group", "Bad_Group");
        body.put("categoryId", "not-a-uuid");
        body.put("priorityId", "00000000-0000-0000-0000-000000000000");
        body.put("preemptibility", "sometimes");
        ObjectNode broken = ri("Whatever", TestApi.TEST_GROUP, "v1");
        ((ObjectNode) broken.path("spec").path("structureDefinition").path("rootComponent")).remove("statusDefinition");
        body.putArray("resourceInterfaces").add(broken).add("a string");
        Response response = asAdmin().body(body.toString()).post(TYPES).then().statusCode(400)
                .body("code", is(400))
                .body("message", containsString("problems"))
                .extract().response();
        String details = response.path("details");
        assertThat(details).contains("name: ", "group: ", "categoryId: 'not-a-uuid' is not a valid UUID",
                "priorityId: '00000000-0000-0000-0000-000000000000' is not a workload priority", "preemptibility: ",
                "resourceInterfaces[0].spec.structureDefinition.rootComponent", "resourceInterfaces[1]: must be an object");
    }

    @Test
    void unknownCategoryOrPriorityIs400NamingTheField() {
        String kind = TestApi.uniqueKind("Unknown");
        asAdmin().body(createBody(kind).put("categoryId", TestApi.LOW).toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("categoryId"));
        asAdmin().body(createBody(kind).put("priorityId", TestApi.TRAIN).toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("priorityId"));
        asAdmin().body(createBody(kind).without("categoryId").toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("categoryId: is required"));
    }

    @Test
    void getOfAnUnknownIdIs404AndAMalformedIdIs400() {
        asViewer().get(TYPES + "/6f1c0000-0000-4000-8000-000000000000").then().statusCode(404).body("code", is(404));
        asViewer().get(TYPES + "/not-a-uuid").then().statusCode(400)
                .body("code", is(400)).body("message", containsString("workloadTypeId"));
        asAdmin().body("{}").put(TYPES + "/12345").then().statusCode(400);
        asAdmin().delete(TYPES + "/12345").then().statusCode(400);
    }

    @Test
    void putIsAPartialMergeAndAbsentFieldsStay() {
        String kind = TestApi.uniqueKind("Partial");
        String id = TestApi.create(kind, "v1");
        Response before = asViewer().get(TYPES + "/" + id).then().extract().response();
        asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + id).then().statusCode(200)
                .body("priorityId", is(TestApi.HIGH))
                .body("priorityName", is("high"))
                .body("preemptibility", is("non-preemptible"))
                .body("categoryId", is(TestApi.TRAIN))
                .body("resourceInterfaces.version", equalTo(List.of("v1")))
                .body("createdAt", is((String) before.path("createdAt")))
                .body("updatedAt", not(is((String) before.path("updatedAt"))));
        asAdmin().body("{\"categoryId\":\"" + TestApi.BUILD + "\",\"preemptibility\":\"preemptible\"}").put(TYPES + "/" + id)
                .then().statusCode(200)
                .body("categoryName", is("Build"))
                .body("priorityName", is("high"))
                .body("preemptibility", is("preemptible"));
        asAdmin().body("{\"preemptibility\":null}").put(TYPES + "/" + id)
                .then().statusCode(200).body("preemptibility", is("non-preemptible"));
        asAdmin().body("{}").put(TYPES + "/" + id).then().statusCode(200).body("categoryName", is("Build"));
    }

    @Test
    void putMayAddAndRemoveVersionsButNotChangeAnExistingOne() {
        String kind = TestApi.uniqueKind("Versioned");
        String id = TestApi.create(kind, "v1");
        ArrayNode twoVersions = TestApi.JSON.createArrayNode()
                .add(ri(kind, TestApi.TEST_GROUP, "v1"))
                .add(ri(kind, TestApi.TEST_GROUP, "v2"));
        asAdmin().body("{\"resourceInterfaces\":" + twoVersions + "}").put(TYPES + "/" + id).then().statusCode(200)
                .body("resourceInterfaces.version", equalTo(List.of("v1", "v2")));

        ArrayNode onlyV2 = TestApi.JSON.createArrayNode().add(ri(kind, TestApi.TEST_GROUP, "v2"));
        asAdmin().body("{\"resourceInterfaces\":" + onlyV2 + "}").put(TYPES + "/" + id).then().statusCode(200)
                .body("resourceInterfaces.version", equalTo(List.of("v2")));

        ObjectNode changedV2 = ri(kind, TestApi.TEST_GROUP, "v2");
        ((ObjectNode) changedV2.path("spec").path("structureDefinition").path("childComponents").get(0)
                .path("specDefinition")).put("podTemplateSpecPath", ".spec.replicaSpecs.Master.template");
        ArrayNode changed = TestApi.JSON.createArrayNode().add(ri(kind, TestApi.TEST_GROUP, "v3")).add(changedV2);
        asAdmin().body("{\"resourceInterfaces\":" + changed + "}").put(TYPES + "/" + id).then().statusCode(400)
                .body("details", containsString("resourceInterfaces[1]"))
                .body("details", containsString("version 'v2' is already registered with a different Resource Interface"));
        asViewer().get(TYPES + "/" + id).then().body("resourceInterfaces.version", equalTo(List.of("v2")));
    }

    @Test
    void nameAndGroupCannotChange() {
        String kind = TestApi.uniqueKind("Fixed");
        String id = TestApi.create(kind);
        asAdmin().body("{\"name\":\"Renamed\"}").put(TYPES + "/" + id).then().statusCode(400)
                .body("message", containsString("name: cannot be changed"));
        asAdmin().body("{\"group\":\"other.io\"}").put(TYPES + "/" + id).then().statusCode(400)
                .body("message", containsString("group: cannot be changed"));
        asAdmin().body("{\"name\":\"" + kind + "\",\"group\":\"" + TestApi.TEST_GROUP + "\"}").put(TYPES + "/" + id)
                .then().statusCode(200);
    }

    @Test
    void putOfAnUnknownIdIs404() {
        asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/6f1c0000-0000-4000-8000-000000000001")
                .then().statusCode(404).body("code", is(404));
    }

    @Test
    void builtInsCanBeUpdatedLikeAnyOther() {
        String id = asViewer().queryParam("filterBy", "name==Notebook").get(TYPES).then().extract().path("types[0].id");
        String originalCategory = asViewer().get(TYPES + "/" + id).then().extract().path("categoryId");
        asAdmin().body("{\"categoryId\":\"" + TestApi.TRAIN + "\"}").put(TYPES + "/" + id).then().statusCode(200)
                .body("categoryName", is("Train")).body("updatedBy", is(TestApi.ADMIN_ID));
        asAdmin().body("{\"categoryId\":\"" + originalCategory + "\"}").put(TYPES + "/" + id).then().statusCode(200);
    }

    @Test
    void deleteIs204AndTheTypeIsGone() {
        String kind = TestApi.uniqueKind("Doomed");
        String id = TestApi.create(kind);
        asAdmin().delete(TYPES + "/" + id).then().statusCode(204).body(is(""));
        asViewer().get(TYPES + "/" + id).then().statusCode(404);
        asAdmin().delete(TYPES + "/" + id).then().statusCode(404);
        TestApi.create(kind); // the name is free again
    }

    @Test
    void ifMatchMakesAnUpdateConditional() {
        String kind = TestApi.uniqueKind("Conditional");
        String id = TestApi.create(kind);
        String etag = asViewer().get(TYPES + "/" + id).then().extract().header("ETag");
        String next = asAdmin().header("If-Match", etag).body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + id)
                .then().statusCode(200).extract().header("ETag");
        assertThat(next).isNotEqualTo(etag);
        asAdmin().header("If-Match", etag).body("{\"priorityId\":\"" + TestApi.LOW + "\"}").put(TYPES + "/" + id)
                .then().statusCode(409).body("code", is(409));
        asAdmin().header("If-Match", etag).delete(TYPES + "/" + id).then().statusCode(409);
        asAdmin().header("If-Match", "garbage").delete(TYPES + "/" + id).then().statusCode(400);
        asAdmin().header("If-Match", next).delete(TYPES + "/" + id).then().statusCode(204);
    }

    @Test
    void filterByEachOperator() {
        assertThat(names("name==Deployment")).containsExactly("Deployment");
        assertThat(names("name!=Deployment")).doesNotContain("Deployment").contains("Pod");
        assertThat(names("name=@Ray")).contains("RayCluster", "RayJob", "RayService").allMatch(n -> n.contains("Ray"));
        assertThat(names("name=@ray")).contains("RayCluster"); // text search ignores case
        assertThat(names("name!@o")).isNotEmpty().noneMatch(n -> n.toLowerCase().contains("o"));
        assertThat(names("name=^Py")).contains("PyTorchJob").allMatch(n -> n.startsWith("Py"));
        assertThat(names("name=$Set")).contains("StatefulSet", "ReplicaSet", "JobSet").allMatch(n -> n.endsWith("Set"));
        assertThat(names("name<=C")).isNotEmpty().allMatch(n -> n.compareTo("C") <= 0);
        assertThat(names("name>=T")).isNotEmpty().allMatch(n -> n.compareTo("T") >= 0);
        assertThat(names("group==apps")).contains("Deployment", "StatefulSet", "ReplicaSet");
    }

    @Test
    void severalFiltersAreAndedWhetherRepeatedOrCommaJoined() {
        assertThat(names("name==Deployment,group==apps")).containsExactly("Deployment");
        assertThat(names("name==Deployment,group==batch")).isEmpty();
        List<String> repeated = asViewer().queryParam("filterBy", "group==kubeflow.org").queryParam("filterBy", "name=$Job")
                .get(TYPES).then().statusCode(200).extract().path("types.name");
        assertThat(repeated).contains("PyTorchJob", "MPIJob").allMatch(n -> n.endsWith("Job"));
    }

    @Test
    void aBadFilterIs400() {
        for (String bad : List.of("name", "name~=x", "kind==Pod", "name==", "==Pod", "name==Pod,")) {
            asViewer().queryParam("filterBy", bad).get(TYPES).then().statusCode(400)
                    .body("code", is(400)).body("message", startsWith("Invalid filterBy"));
        }
    }

    @Test
    void externalTypesOnlyHidesTheBuiltIns() {
        String kind = TestApi.uniqueKind("External");
        TestApi.create(kind);
        List<String> external = asViewer().queryParam("externalTypesOnly", "true").get(TYPES)
                .then().statusCode(200).extract().path("types.name");
        assertThat(external).contains(kind).doesNotContain("Deployment", "PyTorchJob");
        asViewer().queryParam("externalTypesOnly", "false").get(TYPES).then().statusCode(200)
                .body("types.name", hasItems("Deployment", kind));
        asViewer().queryParam("externalTypesOnly", "yes").get(TYPES).then().statusCode(400)
                .body("message", containsString("externalTypesOnly"));
    }

    @Test
    void getAndDeleteToleratesRunaiSdkSendingAJsonContentTypeWithoutBody() {
        asViewer().contentType("application/json").get(TYPES).then().statusCode(200);
        String id = TestApi.create(TestApi.uniqueKind("SdkStyle"));
        asAdmin().contentType("application/json").delete(TYPES + "/" + id).then().statusCode(204);
    }

    @Test
    void republishIsAdminOnlyAndAccepted() {
        asAdmin().post(TYPES + "/republish").then().statusCode(202).body("enqueued", notNullValue());
        asViewer().post(TYPES + "/republish").then().statusCode(403);
    }

    @Test
    void responsesNeverCarryNullForNonNullableFields() {
        asViewer().get(TYPES).then().statusCode(200)
                .body("types.categoryName", everyItem(notNullValue()))
                .body("types.priorityName", everyItem(notNullValue()))
                .body("types.preemptibility", everyItem(notNullValue()))
                .body("types.findAll { it.id == null }", hasSize(0))
                .body("types.name", not(hasItem(nullValue())));
    }

    private static List<String> names(String filter) {
        return asViewer().queryParam("filterBy", filter).get(TYPES).then().statusCode(200).extract().path("types.name");
    }
}
