package io.kindred.scheduleradapter.directives;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveAction;
import io.kindred.events.PodGroupDirective;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.Workloads;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workloads whose gang is not one group per workload, end to end through Kafka (KAI backend): the status event
 * carries the components the status mapper computes from the object (ri-core), the adapter turns them into
 * PodGroups in the devstack's mock Kubernetes API, and the webhook binds a pod to the group of its replica.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class ReplicatedWorkloadsTest {

    private static final String NS = "default";
    private static final ResourceDefinitionContext LWS = AdapterTestKit.context("leaderworkerset.x-k8s.io", "v1",
            "LeaderWorkerSet", "leaderworkersets");
    private static final ResourceDefinitionContext JOBSET = AdapterTestKit.context("jobset.x-k8s.io", "v1alpha2",
            "JobSet", "jobsets");
    private static final ResourceDefinitionContext STATEFULSET = AdapterTestKit.context("apps", "v1", "StatefulSet",
            "statefulsets");

    @Inject
    AdapterRuntime runtime;

    @BeforeAll
    static void registerTypes() {
        AdapterTestKit.installCrd("leaderworkerset.x-k8s.io", "LeaderWorkerSet", "leaderworkersets", "v1");
        AdapterTestKit.installCrd("jobset.x-k8s.io", "JobSet", "jobsets", "v1alpha2");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        // The mock API server's discovery lists only kinds with a CRD; a real one serves apps/v1 itself.
        AdapterTestKit.installCrd("apps", "StatefulSet", "statefulsets", "v1");
        AdapterTestKit.register("LeaderWorkerSet");
        AdapterTestKit.register("JobSet");
        AdapterTestKit.register("StatefulSet");
    }

    /** The test workload of that file, created in the mock API (its uid and resourceVersion are the server's). */
    private static GenericKubernetesResource create(ResourceDefinitionContext context, String file) {
        ObjectNode object = Workloads.object(file);
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.remove("uid");
        metadata.remove("resourceVersion");
        metadata.put("namespace", NS);
        return AdapterTestKit.kubernetes().genericKubernetesResources(context).inNamespace(NS)
                .resource(Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class)).create();
    }

    private static void sendInitializing(String kind, GenericKubernetesResource object) {
        JsonNode json = Serialization.jsonMapper().valueToTree(object);
        AdapterTestKit.send("workload-status", object.getMetadata().getUid(), AdapterTestKit.status(object,
                AbstractState.INITIALIZING, AdapterTestKit.components(kind, json), null));
    }

    private static GenericKubernetesResource group(String name) {
        return AdapterTestKit.podGroup("scheduling.run.ai", "v2alpha2", NS, name);
    }

    @SuppressWarnings("unchecked")
    private static Object minMember(GenericKubernetesResource group) {
        return ((Map<String, Object>) group.getAdditionalProperties().get("spec")).get("minMember");
    }

    @Test
    void aLeaderWorkerSetOfTwoReplicasOfFourGetsTwoGroupsOfFourAndItsPodsJoinTheirReplicasGroup() {
        GenericKubernetesResource lws = create(LWS, "leaderworkerset.yaml");
        String uid = lws.getMetadata().getUid();
        sendInitializing("LeaderWorkerSet", lws);

        await().atMost(Duration.ofSeconds(60)).until(() -> group("kindred-" + uid + "-group-0") != null
                && group("kindred-" + uid + "-group-1") != null);
        assertThat(minMember(group("kindred-" + uid + "-group-0"))).isEqualTo(4);
        assertThat(minMember(group("kindred-" + uid + "-group-1"))).isEqualTo(4);
        assertThat(runtime.store().ofWorkload(uid)).as("nothing but the two replica groups").hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !AdapterTestKit.directives(uid).isEmpty());
        SchedulingDirectiveEvent directive = AdapterTestKit.directives(uid).get(0);
        assertThat(directive.getAction()).isEqualTo(DirectiveAction.ENSURE);
        assertThat(directive.getPodGroups()).extracting(PodGroupDirective::getName, PodGroupDirective::getMinMember)
                .containsExactlyInAnyOrder(tuple("kindred-" + uid + "-group-0", 4), tuple("kindred-" + uid + "-group-1", 4));

        // the leader pod of replica 1, created by the leader StatefulSet of that replica (controller chain
        // pod -> StatefulSet -> LeaderWorkerSet, both in the owner cache): bound to the group of replica 1
        GenericKubernetesResource leaderSet = AdapterTestKit.kubernetes().genericKubernetesResources(STATEFULSET)
                .inNamespace(NS).resource(AdapterTestKit.builder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withNewMetadata().withName("llama-1").withNamespace(NS)
                        .addNewOwnerReference().withApiVersion("leaderworkerset.x-k8s.io/v1").withKind("LeaderWorkerSet")
                        .withName("llama").withUid(uid).withController(true).endOwnerReference()
                        .endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.objects().get(uid) != null
                && runtime.objects().get(leaderSet.getMetadata().getUid()) != null);
        String review = AdapterTestKit.admissionReview("lws-1", NS, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"llama-1",
                   "labels":{"leaderworkerset.sigs.k8s.io/name":"llama","leaderworkerset.sigs.k8s.io/group-index":"1",
                     "leaderworkerset.sigs.k8s.io/worker-index":"0"},
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"llama-1",
                     "uid":"%s","controller":true}]},
                 "spec":{"containers":[{"name":"c","image":"i"}]}}
                """.formatted(leaderSet.getMetadata().getUid()));
        String patch = given().contentType(ContentType.JSON).body(review).post("/admission/pods")
                .then().statusCode(200).extract().path("response.patch");
        assertThat(patch).isNotNull();
        assertThat(new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8))
                .contains("\"pod-group-name\":\"kindred-" + uid + "-group-1\"");
    }

    @Test
    void aJobSetWithTwoReplicatedJobsGetsTheGroupsItsResourceInterfaceDefines() {
        GenericKubernetesResource jobSet = create(JOBSET, "jobset.yaml");
        String uid = jobSet.getMetadata().getUid();
        sendInitializing("JobSet", jobSet);

        // AnyOrder (the default): one gang of every replicated job's pods, driver 1 + workers 2 x 4
        String name = "kindred-" + uid + "-jobset";
        await().atMost(Duration.ofSeconds(60)).until(() -> group(name) != null);
        assertThat(minMember(group(name))).isEqualTo(9);
        assertThat(runtime.store().ofWorkload(uid)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !AdapterTestKit.directives(uid).isEmpty());
        assertThat(AdapterTestKit.directives(uid).get(0).getPodGroups())
                .extracting(PodGroupDirective::getName, PodGroupDirective::getMinMember)
                .containsExactly(tuple(name, 9));
        List<Object> expected = Workloads.ri("JobSet").podGroups(Serialization.jsonMapper().valueToTree(jobSet))
                .stream().map(r -> (Object) r.minMember()).toList();
        assertThat(expected).as("what ri-core computes from the object itself").containsExactly(9);
    }
}
