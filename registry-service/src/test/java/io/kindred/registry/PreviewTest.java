package io.kindred.registry;

import static io.kindred.registry.TestApi.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PreviewTest {

    private static final String PREVIEW = "/api/v1/workload-types/preview";

    static ObjectNode pytorchJob(String apiVersion) throws Exception {
        return (ObjectNode) TestApi.JSON.readTree("""
                {"apiVersion": "%s", "kind": "PyTorchJob",
                 "metadata": {"name": "job1", "namespace": "team-a"},
                 "spec": {"pytorchReplicaSpecs": {
                    "Master": {"replicas": 1, "template": {"spec": {"containers": [{"name": "pytorch", "image": "trainer"}]}}},
                    "Worker": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pytorch", "image": "trainer"}]}}}}},
                 "status": {"conditions": [{"type": "Created", "status": "True"}, {"type": "Running", "status": "True"},
                                           {"type": "Succeeded", "status": "False"}, {"type": "Failed", "status": "False"}]}}
                """.formatted(apiVersion));
    }

    static ObjectNode workerPod() throws Exception {
        return (ObjectNode) TestApi.JSON.readTree("""
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "job1-worker-0", "namespace": "team-a",
                   "labels": {"training.kubeflow.org/replica-type": "worker", "training.kubeflow.org/job-name": "job1"}}}
                """);
    }

    @Test
    void aDraftRiIsEvaluatedOnTheSampleObjectAndPod() throws Exception {
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.set("resourceInterface", TestApi.pytorchJob());
        body.set("object", pytorchJob("kubeflow.org/v1"));
        body.set("pod", workerPod());
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(true))
                .body("errors", empty())
                .body("version", is("v1"))
                .body("status.state", is("Running"))
                .body("status.matchedStatuses", hasItem("Running"))
                .body("status.matchedStatuses", hasItem("Initializing"))
                .body("structure.components.worker.instances[''].scale.replicas", is(3))
                .body("podGroups.requirements[0].name", is("job"))
                .body("podGroups.requirements[0].minMember", is(4))
                .body("pod.component", is("worker"))
                .body("pod.podGroup", is("job"))
                .body("pod.minMember", is(3)) // the subtree scale of the member's component (worker)
                .body("warnings", nullValue());
    }

    @Test
    void anInvalidRiIsAnAnswerNotAFailure() throws Exception {
        ObjectNode ri = TestApi.pytorchJob();
        ((ObjectNode) ri.path("spec").path("structureDefinition").path("childComponents").get(0)).put("ownerRef", "nobody");
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.set("resourceInterface", ri);
        body.set("object", pytorchJob("kubeflow.org/v1"));
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(false))
                .body("errors.path", hasItem(containsString("resourceInterface.spec.structureDefinition.childComponents[0]")))
                .body("status", nullValue());

        ObjectNode unreadable = TestApi.JSON.createObjectNode();
        unreadable.set("resourceInterface", TestApi.JSON.createObjectNode().put("spec", 5));
        unreadable.set("object", pytorchJob("kubeflow.org/v1"));
        asViewer().body(unreadable.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(false)).body("errors", not(empty()));
    }

    @Test
    void aRegisteredTypeIsPreviewedWithTheRiOfTheObjectsVersion() throws Exception {
        String id = asViewer().queryParam("filterBy", "name==PyTorchJob").get("/api/v1/workload-types").then()
                .extract().path("types[0].id");
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.put("workloadTypeId", id);
        body.set("object", pytorchJob("kubeflow.org/v1"));
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(true)).body("workloadTypeId", is(id)).body("version", is("v1"))
                .body("status.state", is("Running"));

        body.set("object", pytorchJob("kubeflow.org/v9"));
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(400)
                .body("message", containsString("object.apiVersion 'kubeflow.org/v9'"));
    }

    @Test
    void aNullResourceInterfaceBesideAWorkloadTypeIdPreviewsTheRegisteredType() throws Exception {
        String id = asViewer().queryParam("filterBy", "name==PyTorchJob").get("/api/v1/workload-types").then()
                .extract().path("types[0].id");
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.putNull("resourceInterface");
        body.put("workloadTypeId", id);
        body.set("object", pytorchJob("kubeflow.org/v1"));
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(true)).body("workloadTypeId", is(id)).body("version", is("v1"))
                .body("status.state", is("Running"));
    }

    @Test
    void aKindMismatchIsWarned() throws Exception {
        ObjectNode object = pytorchJob("kubeflow.org/v1");
        object.put("kind", "TFJob");
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.set("resourceInterface", TestApi.pytorchJob());
        body.set("object", object);
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("warnings[0].path", is("object.kind"))
                .body("warnings[0].message", containsString("TFJob"));
    }

    @Test
    void anRiTheReferenceAcceptsIsValidWithWarningsAndEvaluatedPerExpression() throws Exception {
        ObjectNode ri = TestApi.pytorchJob();
        ObjectNode root = (ObjectNode) ri.path("spec").path("structureDefinition").path("rootComponent");
        ((ObjectNode) root.path("statusDefinition")).putObject("statusMappings");
        ObjectNode worker = (ObjectNode) ri.path("spec").path("structureDefinition").path("childComponents").get(1);
        ((ObjectNode) worker.path("scaleDefinition")).put("minReplicasPath", "");
        ((ObjectNode) worker.path("podSelector").path("componentTypeSelector")).put("keyPath", ".metadata.labels.service-name");
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.set("resourceInterface", ri);
        body.set("object", pytorchJob("kubeflow.org/v1"));
        body.set("pod", workerPod());
        asViewer().body(body.toString()).post(PREVIEW).then().statusCode(200)
                .body("valid", is(true))
                .body("errors", empty())
                .body("warnings.path", org.hamcrest.Matchers.contains(
                        "resourceInterface.spec.structureDefinition.rootComponent.statusDefinition.statusMappings",
                        "resourceInterface.spec.structureDefinition.childComponents[1].podSelector.componentTypeSelector.keyPath"))
                .body("warnings[1].message", containsString("function name/0 is not defined in jq"))
                .body("status.state", is("Undefined"))
                .body("status.errors", empty())
                .body("structure.components.worker.instances[''].scale.replicas", is(3))
                .body("podGroups.requirements[0].minMember", is(4))
                .body("pod.errors[0]", containsString("childComponents[1].podSelector.componentTypeSelector.keyPath"));
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        String object = pytorchJob("kubeflow.org/v1").toString();
        String ri = TestApi.pytorchJob().toString();
        String[][] cases = {
                { "{\"resourceInterface\":" + ri + "}", "object is required" },
                { "{\"object\":" + object + "}", "exactly one of" },
                { "{\"resourceInterface\":" + ri + ",\"workloadTypeId\":\"6f1c0000-0000-4000-8000-000000000000\",\"object\":" + object + "}", "exactly one of" },
                { "{\"resourceInterface\":" + ri + ",\"object\":[1]}", "object is required" },
                { "{\"resourceInterface\":" + ri + ",\"object\":" + object + ",\"pod\":\"p\"}", "pod must be an object" },
                { "{\"workloadTypeId\":\"nope\",\"object\":" + object + "}", "not a valid UUID" },
                { "{\"resourceInterface\":" + ri + ",\"object\":" + object + ",\"extra\":1}", "Unknown field 'extra'" },
                { "", "body is required" } };
        for (String[] c : cases) {
            asViewer().body(c[0]).post(PREVIEW).then().statusCode(400).body("code", is(400)).body("message", containsString(c[1]));
        }
        asViewer().body("{\"workloadTypeId\":\"6f1c0000-0000-4000-8000-000000000000\",\"object\":" + object + "}").post(PREVIEW)
                .then().statusCode(404);
    }
}
