package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.junit.MockKubernetesExtension;

/**
 * Server-side apply on the mock API server, through the fabric8 client as services use it: one request creates or
 * updates, field ownership is recorded in managedFields, a manager's dropped field is removed, other appliers'
 * fields conflict unless forced, an apply that changes nothing writes nothing.
 */
class ServerSideApplyTest {

    private static final ResourceDefinitionContext GROUPS = new ResourceDefinitionContext.Builder()
            .withGroup("ssa.kindred.io").withVersion("v1").withKind("Group").withPlural("groups").withNamespaced(true)
            .build();
    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension(ServerSideApplyTest::defineGroups);

    @Test
    void createsInOneRequestThenMergesAndRemovesWhatTheManagerDropped() {
        KubernetesClient client = API.server().client();
        API.server().takeRequests();
        GenericKubernetesResource created = apply("g1", "alice", false,
                Map.of("minMember", 4, "queue", "q", "subGroups", List.of(Map.of("name", "a"), Map.of("name", "b"))));
        assertThat(API.server().takeRequests()).singleElement().asString().startsWith("PATCH ")
                .contains("fieldManager=alice");
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager,
                ManagedFieldsEntry::getOperation).containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "Apply"));

        // someone else's unowned field (a merge patch) survives; alice's dropped queue is removed; lists are replaced
        client.genericKubernetesResources(GROUPS).inNamespace("default").withName("g1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"note\":\"admin\"}}");
        GenericKubernetesResource updated = apply("g1", "alice", false,
                Map.of("minMember", 3, "subGroups", List.of(Map.of("name", "c"))));
        assertThat(spec(updated)).containsEntry("minMember", 3).containsEntry("note", "admin")
                .containsEntry("subGroups", List.of(Map.of("name", "c"))).doesNotContainKey("queue");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration() + 2);

        // the same apply again is no write: same resourceVersion
        GenericKubernetesResource again = apply("g1", "alice", false,
                Map.of("minMember", 3, "subGroups", List.of(Map.of("name", "c"))));
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(updated.getMetadata().getResourceVersion());
    }

    @Test
    void anotherAppliersFieldIsAConflictUnlessForced() {
        apply("g2", "adapter", false, Map.of("minMember", 2, "queue", "default"));
        apply("g2", "admin", false, Map.of("queue", "default")); // same value: shared ownership, no conflict

        assertThatThrownBy(() -> apply("g2", "admin", false, Map.of("queue", "gold")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("conflict with \"adapter\"").contains(".spec.queue");
                });
        GenericKubernetesResource forced = apply("g2", "admin", true, Map.of("queue", "gold"));
        assertThat(spec(forced)).containsEntry("queue", "gold");

        // the adapter no longer owns the queue: applying without it leaves the admin's value
        GenericKubernetesResource after = apply("g2", "adapter", false, Map.of("minMember", 5));
        assertThat(spec(after)).containsEntry("queue", "gold").containsEntry("minMember", 5);
        assertThat(after.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
                .containsExactlyInAnyOrder("adapter", "admin");
    }

    @Test
    void refusesANameOtherThanThePathsAndAMissingFieldManager() {
        String path = API.server().apiServerUrl() + "/apis/ssa.kindred.io/v1/namespaces/default/groups/g3";
        assertThat(send(path + "?fieldManager=m",
                "{\"apiVersion\":\"ssa.kindred.io/v1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"other\"}}"))
                .startsWith("400");
        assertThat(send(path, "{\"apiVersion\":\"ssa.kindred.io/v1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"g3\"}}"))
                .startsWith("422").contains("fieldManager");
        assertThat(send(path + "?fieldManager=m", "apiVersion: ssa.kindred.io/v1\nkind: Group\nmetadata: {name: g3}\n"
                + "spec: {minMember: 1}\n")).startsWith("201");
    }

    private static GenericKubernetesResource apply(String name, String manager, boolean force, Map<String, Object> spec) {
        GenericKubernetesResource group = new GenericKubernetesResourceBuilder().withApiVersion("ssa.kindred.io/v1")
                .withKind("Group").withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
        var resource = API.server().client().genericKubernetesResources(GROUPS).inNamespace("default").resource(group)
                .fieldManager(manager);
        return force ? resource.forceConflicts().serverSideApply() : resource.serverSideApply();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** A raw apply request; answers "code body". */
    private static String send(String url, String body) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).header("Content-Type", ServerSideApply.CONTENT_TYPE)
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void defineGroups(MockKubernetes server) {
        server.client().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("groups.ssa.kindred.io").endMetadata()
                .withNewSpec().withGroup("ssa.kindred.io").withScope("Namespaced")
                .withNewNames().withKind("Group").withPlural("groups").withSingular("group").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
    }
}
