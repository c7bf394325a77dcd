package io.kindred.scheduleradapter.directives;

import static io.kindred.scheduleradapter.support.AdapterTestKit.scale;
import static io.kindred.scheduleradapter.support.AdapterTestKit.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.ControllerReference;
import io.kindred.events.DirectiveAction;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.scheduleradapter.AdapterRuntime;
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
 * The adapter against the devstack's Kafka, schema registry and Kubernetes API, with the default backend (KAI):
 * status events in, PodGroups in the cluster and directives out, pods bound by the webhook.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class GangLifecycleTest {

    private static final ResourceDefinitionContext PYTORCH = AdapterTestKit.context("kubeflow.org", "v1", "PyTorchJob",
            "pytorchjobs");
    private static final String NS = "default";

    @Inject
    AdapterRuntime runtime;

    @BeforeAll
    static void registerTypes() {
        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        AdapterTestKit.register("PyTorchJob");
        AdapterTestKit.register("Deployment");
        AdapterTestKit.register("ReplicaSet");
    }

    private GenericKubernetesResource pytorchJob(String name, int workers) {
        return AdapterTestKit.create(PYTORCH, NS, AdapterTestKit.object("kubeflow.org/v1", "PyTorchJob", name, Map.of(
                "pytorchReplicaSpecs", Map.of(
                        "Master", Map.of("replicas", 1, "template", Map.of("spec", Map.of())),
                        "Worker", Map.of("replicas", workers, "template", Map.of("spec", Map.of()))))));
    }

    private static WorkloadStatusEvent event(GenericKubernetesResource job, AbstractState state, int workers,
            Integer minWorkers) {
        return status(job, state, List.of(scale("pytorchjob", null, null), scale("master", 1, null),
                scale("worker", workers, minWorkers)), null);
    }

    private GenericKubernetesResource group(String name) {
        return AdapterTestKit.podGroup("scheduling.run.ai", "v2alpha2", NS, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource group) {
        return (Map<String, Object>) group.getAdditionalProperties().get("spec");
    }

    @Test
    void aPyTorchJobGetsItsGangBeforeAnyPodFollowsScalesAndIsReleasedWhenItCompletes() {
        GenericKubernetesResource job = pytorchJob("mnist", 3);
        String uid = job.getMetadata().getUid();
        String name = "kindred-" + uid + "-job";

        WorkloadStatusEvent initializing = event(job, AbstractState.INITIALIZING, 3, null);
        AdapterTestKit.send("workload-status", uid, initializing);
        await().atMost(Duration.ofSeconds(60)).until(() -> group(name) != null);
        assertThat(AdapterTestKit.kubernetes().pods().inNamespace(NS).list().getItems())
                .as("the gang exists before any pod").isEmpty();
        assertThat(spec(group(name))).containsEntry("minSubGroup", 2)
                .containsEntry("subGroups", List.of(Map.of("name", "master", "minMember", 1),
                        Map.of("name", "worker", "minMember", 3)));
        assertThat(group(name).getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));

        // a pod created afterwards is admitted with its binding
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"r-1",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"default",
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"mnist-worker-0",
                   "labels":{"training.kubeflow.org/replica-type":"worker"},
                   "ownerReferences":[{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","name":"mnist",
                     "uid":"%s","controller":true}]},
                   "spec":{"schedulerName":"kai-scheduler","containers":[{"name":"c","image":"i"}]}}}}
                """.formatted(uid);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String patch = given().contentType(ContentType.JSON).body(review).post("/admission/pods")
                    .then().statusCode(200).extract().path("response.patch");
            assertThat(patch).isNotNull();
            String ops = new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8);
            assertThat(ops).contains("\"pod-group-name\":\"" + name + "\"")
                    .contains("{\"op\":\"add\",\"path\":\"/metadata/labels/kai.scheduler~1subgroup-name\",\"value\":\"worker\"}");
        });

        // elastic workers: min 2 of 4 makes the gang 3, never everything mandatory
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.RUNNING, 4, 2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spec(group(name)).get("subGroups"))
                .isEqualTo(List.of(Map.of("name", "master", "minMember", 1), Map.of("name", "worker", "minMember", 2))));
        await().atMost(Duration.ofSeconds(30)).until(() -> AdapterTestKit.directives(uid).size() >= 2);

        // the same event again: no write to the cluster, no second directive
        long applies = runtime.writer().applies();
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.RUNNING, 4, 2));
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.DEGRADED, 4, 2));
        // a degraded workload (a pod restarting) keeps its gang; completion releases it
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.COMPLETED, 4, 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> group(name) == null);
        assertThat(runtime.writer().applies()).as("replayed and degraded events write nothing").isEqualTo(applies);

        List<SchedulingDirectiveEvent> directives = AdapterTestKit.directives(uid);
        assertThat(directives).extracting(SchedulingDirectiveEvent::getAction)
                .containsExactly(DirectiveAction.ENSURE, DirectiveAction.ENSURE, DirectiveAction.RELEASE);
        assertThat(directives).allSatisfy(d -> assertThat(d.getOutcome()).isEqualTo(DirectiveOutcome.APPLIED));
        assertThat(directives.get(0).getCauseEventId()).isEqualTo(initializing.getEventId());
        assertThat(directives.get(0).getPodGroups()).singleElement()
                .satisfies(g -> assertThat(g.getSubGroups()).hasSize(2));
    }

    /** Found by the soak: Completed then Deleted back to back (a burst after a restart) released the gang twice. */
    @Test
    void completedThenDeletedAtOnceReleasesTheGangOnce() {
        GenericKubernetesResource job = pytorchJob("quick", 1);
        String uid = job.getMetadata().getUid();
        String name = "kindred-" + uid + "-job";
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.INITIALIZING, 1, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> group(name) != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.store().ofWorkload(uid).size() == 1);

        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.COMPLETED, 1, null));
        AdapterTestKit.send("workload-status", uid, event(job, AbstractState.DELETED, 1, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> group(name) == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> AdapterTestKit.directives(uid).size() >= 2);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true); // a late second one
        assertThat(AdapterTestKit.directives(uid)).extracting(SchedulingDirectiveEvent::getAction)
                .containsExactly(DirectiveAction.ENSURE, DirectiveAction.RELEASE);
    }

    @Test
    void aRecreatedWorkloadWithTheSameNameGetsANewGroup() {
        GenericKubernetesResource first = pytorchJob("again", 1);
        String firstGroup = "kindred-" + first.getMetadata().getUid() + "-job";
        AdapterTestKit.send("workload-status", first.getMetadata().getUid(), event(first, AbstractState.INITIALIZING, 1, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> group(firstGroup) != null);
        AdapterTestKit.kubernetes().genericKubernetesResources(PYTORCH).inNamespace(NS).withName("again").delete();
        AdapterTestKit.send("workload-status", first.getMetadata().getUid(), event(first, AbstractState.DELETED, 1, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> group(firstGroup) == null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                AdapterTestKit.kubernetes().genericKubernetesResources(PYTORCH).inNamespace(NS).withName("again").get() == null);

        GenericKubernetesResource second = pytorchJob("again", 1);
        assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        AdapterTestKit.send("workload-status", second.getMetadata().getUid(), event(second, AbstractState.INITIALIZING, 1, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> group("kindred-" + second.getMetadata().getUid() + "-job") != null);
        assertThat(group(firstGroup)).isNull();
    }

    @Test
    void aDeploymentGetsOneGroupAndItsReplicaSetNone() {
        GenericKubernetesResource deployment = AdapterTestKit.builder().withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withName("web").withNamespace(NS).withUid("dep-uid-1").endMetadata().build();
        GenericKubernetesResource replicaSet = AdapterTestKit.builder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withNewMetadata().withName("web-5d4f").withNamespace(NS).withUid("rs-uid-1").endMetadata().build();
        AdapterTestKit.send("workload-status", "rs-uid-1", status(replicaSet, AbstractState.RUNNING,
                List.of(scale("replicaset", 3, 1)), new ControllerReference("apps/v1", "Deployment", "web", "dep-uid-1")));
        AdapterTestKit.send("workload-status", "dep-uid-1", status(deployment, AbstractState.RUNNING,
                List.of(scale("deployment", 3, 1)), null));
        await().atMost(Duration.ofSeconds(60)).until(() -> !runtime.store().ofWorkload("dep-uid-1").isEmpty());
        assertThat(runtime.store().ofWorkload("dep-uid-1")).singleElement()
                .satisfies(g -> assertThat(spec(g)).containsEntry("minMember", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> AdapterTestKit.directives("dep-uid-1").size() == 1);
        assertThat(runtime.store().ofWorkload("rs-uid-1")).isEmpty();
        assertThat(AdapterTestKit.directives("rs-uid-1")).isEmpty();
    }

    @Test
    void malformedAdmissionReviewsAreRefusedWithAClearMessageNeverA500() {
        given().contentType(ContentType.JSON).body("{not json").post("/admission/pods").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("not JSON"));
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")
                .post("/admission/pods").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("request is missing"));
        given().contentType(ContentType.JSON).body("[]").post("/admission/pods").then().statusCode(400);
        given().contentType(ContentType.JSON).body("").post("/admission/pods").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"kind\":{\"kind\":\"Pod\"},\"object\":7}}")
                .post("/admission/pods").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("request.object"));
    }

    @Test
    void oversizedAndDeeplyNestedAdmissionReviewsAreRefusedWithAClearMessage() {
        byte[] oversized = new byte[3 * 1024 * 1024 + 1];
        java.util.Arrays.fill(oversized, (byte) ' ');
        given().contentType(ContentType.JSON).body(oversized).post("/admission/pods").then().statusCode(413)
                .body("message", org.hamcrest.Matchers.containsString("larger than"));
        String nested = "[".repeat(500) + "]".repeat(500);
        given().contentType(ContentType.JSON).body(nested).post("/admission/pods").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("not JSON"));
    }

    @Test
    void aPodOfAnUnregisteredOwnerIsAdmittedWithoutPatch() {
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"r-2",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"default",
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p",
                   "ownerReferences":[{"apiVersion":"example.com/v1","kind":"Mystery","name":"m","uid":"x","controller":true}]},
                   "spec":{"containers":[{"name":"c","image":"i"}]}}}}
                """;
        given().contentType(ContentType.JSON).body(review).post("/admission/pods").then().statusCode(200)
                .body("response.allowed", org.hamcrest.Matchers.is(true))
                .body("response.uid", org.hamcrest.Matchers.is("r-2"))
                .body("response.patch", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aRecordThatIsNotAStatusEventGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        try (var producer = AdapterTestKit.kafka().rawProducer("poison")) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("workload-status",
                    "poison-uid-1".getBytes(StandardCharsets.UTF_8), "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        GenericKubernetesResource deployment = AdapterTestKit.builder().withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withName("after-poison").withNamespace(NS).withUid("dep-after-poison").endMetadata()
                .build();
        AdapterTestKit.send("workload-status", "dep-after-poison", status(deployment, AbstractState.RUNNING,
                List.of(scale("deployment", 2, 1)), null));
        await().atMost(Duration.ofSeconds(60)).until(() -> !runtime.store().ofWorkload("dep-after-poison").isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> AdapterTestKit.rawKeys("workload-status.adapter-dlq")
                .contains("poison-uid-1"));
    }
}
