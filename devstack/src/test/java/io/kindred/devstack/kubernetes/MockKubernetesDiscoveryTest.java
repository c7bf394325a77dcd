package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.junit.MockKubernetesExtension;

/**
 * What kubectl and discovery-driven clients read from the mock API server: version, legacy and aggregated discovery
 * for the built-in groups and for CRDs as they come and go, OpenAPI v3 for apply's validation, and clear refusals.
 */
class MockKubernetesDiscoveryTest {

    static final String KUBECTL_DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension();

    @Test
    void versionHasAGitVersionKubectlParses() throws Exception {
        JsonNode version = get("/version?timeout=32s");
        assertThat(version.path("gitVersion").asText()).matches("v1\\.32\\.\\d+(\\+.*)?");
        assertThat(version.path("major").asText()).isEqualTo("1");
        assertThat(version.path("minor").asText()).isEqualTo("32");
        assertThat(API.server().client().getKubernetesVersion().getGitVersion())
                .isEqualTo(version.path("gitVersion").asText());
    }

    @Test
    void legacyDiscoveryListsTheBuiltInGroups() throws Exception {
        assertThat(get("/api").path("versions")).extracting(JsonNode::asText).containsExactly("v1");

        JsonNode core = get("/api/v1");
        assertThat(core.path("groupVersion").asText()).isEqualTo("v1");
        assertThat(resource(core, "pods").path("kind").asText()).isEqualTo("Pod");
        assertThat(resource(core, "pods").path("namespaced").asBoolean()).isTrue();
        assertThat(resource(core, "pods").path("verbs")).extracting(JsonNode::asText)
                .contains("get", "list", "watch", "create", "patch", "delete");
        assertThat(resource(core, "pods/status").path("kind").asText()).isEqualTo("Pod");
        assertThat(resource(core, "namespaces").path("namespaced").asBoolean()).isFalse();
        assertThat(names(core)).contains("services", "events", "configmaps", "secrets", "nodes");

        JsonNode groups = get("/apis");
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(groups.path("groups")).extracting(group -> group.path("name").asText())
                .contains("apps", "batch", "apiextensions.k8s.io", "scheduling.k8s.io");
        assertThat(get("/apis/apps").path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");
        assertThat(names(get("/apis/apps/v1"))).contains("deployments", "deployments/status", "deployments/scale",
                "statefulsets", "replicasets", "daemonsets");
        assertThat(names(get("/apis/batch/v1"))).contains("jobs", "jobs/status", "cronjobs");
        assertThat(resource(get("/apis/apiextensions.k8s.io/v1"), "customresourcedefinitions").path("namespaced")
                .asBoolean()).isFalse();

        assertThat(status("/apis/nothing.example.com/v1")).isEqualTo(404);
        assertThat(status("/apis/apps/v9")).isEqualTo(404);
    }

    @Test
    void aCrdIsDiscoverableFromCreationUntilDeletion() throws Exception {
        KubernetesClient client = API.server().client();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .resource(gadgetCrd()).create();
        assertThat(crd.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .contains("Established=True", "NamesAccepted=True");

        assertThat(get("/apis").path("groups")).extracting(group -> group.path("name").asText())
                .contains("gadgets.kindred.io");
        JsonNode group = get("/apis/gadgets.kindred.io");
        assertThat(group.path("versions")).extracting(v -> v.path("version").asText()).containsExactly("v1", "v1beta1");
        assertThat(group.path("preferredVersion").path("version").asText()).isEqualTo("v1");
        JsonNode resources = get("/apis/gadgets.kindred.io/v1");
        assertThat(resource(resources, "gadgets").path("kind").asText()).isEqualTo("Gadget");
        assertThat(resource(resources, "gadgets").path("shortNames")).extracting(JsonNode::asText)
                .containsExactly("gd");
        assertThat(resource(resources, "gadgets/status").path("kind").asText()).isEqualTo("Gadget");
        assertThat(names(get("/apis/gadgets.kindred.io/v1beta1"))).containsExactly("gadgets");

        JsonNode aggregated = aggregated("/apis");
        JsonNode gadgets = item(aggregated, "gadgets.kindred.io");
        assertThat(gadgets.path("versions").get(0).path("resources").get(0).path("resource").asText())
                .isEqualTo("gadgets");

        // a client that knows only apiVersion and kind finds the plural through discovery
        GenericKubernetesResource created = client.genericKubernetesResources("gadgets.kindred.io/v1", "Gadget")
                .inNamespace("default").resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("gadgets.kindred.io/v1").withKind("Gadget")
                        .withNewMetadata().withName("g1").endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("size", 1))).build())
                .create();
        assertThat(created.getMetadata().getUid()).isNotBlank();

        client.apiextensions().v1().customResourceDefinitions().withName("gadgets.kindred.io").delete();
        assertThat(status("/apis/gadgets.kindred.io/v1")).isEqualTo(404);
        assertThat(status("/apis/gadgets.kindred.io")).isEqualTo(404);
        assertThat(get("/apis").path("groups")).extracting(g -> g.path("name").asText())
                .doesNotContain("gadgets.kindred.io");
    }

    @Test
    void aggregatedDiscoveryAnswersWhatKubectlAsksFirst() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/apis").header("Accept", KUBECTL_DISCOVERY_ACCEPT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Discovery.AGGREGATED_CONTENT_TYPE);
        JsonNode apps = item(JSON.readTree(response.body()), "apps");
        JsonNode deployments = null;
        for (JsonNode resource : apps.path("versions").get(0).path("resources")) {
            if (resource.path("resource").asText().equals("deployments")) {
                deployments = resource;
            }
        }
        assertThat(deployments).isNotNull();
        assertThat(deployments.path("responseKind").path("kind").asText()).isEqualTo("Deployment");
        assertThat(deployments.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(deployments.path("subresources")).extracting(s -> s.path("subresource").asText())
                .containsExactly("status", "scale");

        JsonNode core = aggregated("/api");
        assertThat(core.path("items")).hasSize(1);
        assertThat(item(core, "").path("versions").get(0).path("version").asText()).isEqualTo("v1");

        // a client that asks for v2beta1 only, or plain JSON, gets the legacy documents
        HttpResponse<String> legacy = HTTP.send(request("/apis").header("Accept",
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(legacy.body()).path("kind").asText()).isEqualTo("APIGroupList");
    }

    @Test
    void openApiV3LetsKubectlLeaveValidationToTheServer() throws Exception {
        API.server().client().apiextensions().v1().customResourceDefinitions().resource(gizmoCrd()).create();
        JsonNode index = get("/openapi/v3");
        assertThat(index.path("paths").has("api/v1")).isTrue();
        assertThat(index.path("paths").has("apis/apps/v1")).isTrue();
        String url = index.path("paths").path("apis/gizmos.kindred.io/v1").path("serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/gizmos.kindred.io/v1?hash=");

        JsonNode document = get(url);
        JsonNode patch = document.path("paths").path("/apis/gizmos.kindred.io/v1/namespaces/{namespace}/gizmos/{name}")
                .path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Gizmo");
        assertThat(patch.path("parameters")).extracting(p -> p.path("name").asText() + "@" + p.path("in").asText())
                .contains("fieldValidation@query");
        JsonNode namespaces = get("/openapi/v3/api/v1").path("paths").path("/api/v1/namespaces/{name}").path("patch");
        assertThat(namespaces.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Namespace");
        assertThat(status("/openapi/v3/apis/nothing.example.com/v1")).isEqualTo(404);
    }

    @Test
    void protobufBodiesAreRefusedInsteadOfHanging() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/api/v1/namespaces/default/configmaps")
                .header("Content-Type", "application/vnd.kubernetes.protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x6b, 0x38, 0x73, 0})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("JSON only");
    }

    static CustomResourceDefinition gadgetCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gadgets.kindred.io").endMetadata()
                .withNewSpec().withGroup("gadgets.kindred.io").withScope("Namespaced")
                .withNewNames().withKind("Gadget").withPlural("gadgets").withSingular("gadget").withShortNames("gd")
                .endNames()
                .addNewVersion().withName("v1beta1").withServed(true).withStorage(false)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    private static CustomResourceDefinition gizmoCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gizmos.gizmos.kindred.io").endMetadata()
                .withNewSpec().withGroup("gizmos.kindred.io").withScope("Namespaced")
                .withNewNames().withKind("Gizmo").withPlural("gizmos").withSingular("gizmo").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode resource : list.path("resources")) {
            if (resource.path("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError(name + " is not in " + list);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("resources").forEach(resource -> names.add(resource.path("name").asText()));
        return names;
    }

    private static JsonNode item(JsonNode aggregated, String group) {
        for (JsonNode item : aggregated.path("items")) {
            if (item.path("metadata").path("name").asText().equals(group)) {
                return item;
            }
        }
        throw new AssertionError(group + " is not in " + aggregated);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(API.server().apiServerUrl() + path));
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode aggregated(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).header("Accept", KUBECTL_DISCOVERY_ACCEPT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Discovery.AGGREGATED_CONTENT_TYPE);
        return JSON.readTree(response.body());
    }

    private static int status(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
