package io.kindred.scheduleradapter.binding;

import static io.kindred.scheduleradapter.support.AdapterTestKit.scale;
import static io.kindred.scheduleradapter.support.AdapterTestKit.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.zjsonpatch.JsonPatch;
import io.kindred.events.AbstractState;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduling-gate path of the backends that would schedule an unbound pod alone (Volcano, coscheduling), against
 * the devstack's Kafka and mock Kubernetes API: a pod admitted before its group exists gets its binding and the gate
 * {@code kindred.io/gang}; once the status event has made the group, the adapter removes the gate and leaves the
 * binding. The mock API server calls no webhook, so the test applies the webhook's JSON patch to the pod it creates,
 * as the API server would. One subclass per backend, each with its own profile.
 */
abstract class SchedulingGateContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AdapterRuntime runtime;

    /** {@code group}, {@code version} of the backend's PodGroup. */
    abstract String podGroupGroup();

    abstract String podGroupVersion();

    /** Asserts that the pod names {@code group} the way the backend reads it. */
    abstract void assertBound(Pod pod, String group);

    @Test
    void aPodAdmittedBeforeItsGroupIsGatedAndReleasedOnceTheGroupExists() throws Exception {
        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd(podGroupGroup(), "PodGroup", "podgroups", podGroupVersion());
        AdapterTestKit.register("PyTorchJob");
        String jobName = "gated-" + podGroupGroup().replace('.', '-');
        GenericKubernetesResource job = AdapterTestKit.create(
                AdapterTestKit.context("kubeflow.org", "v1", "PyTorchJob", "pytorchjobs"), "default",
                AdapterTestKit.object("kubeflow.org/v1", "PyTorchJob", jobName, Map.of("pytorchReplicaSpecs",
                        Map.of("Master", Map.of("replicas", 1), "Worker", Map.of("replicas", 3)))));
        String uid = job.getMetadata().getUid();
        String group = "kindred-" + uid + "-job";
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.objects().get(uid) != null);

        String podJson = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s-worker-0","namespace":"default",
                   "labels":{"training.kubeflow.org/replica-type":"worker"},
                   "ownerReferences":[{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","name":"%s",
                     "uid":"%s","controller":true}]},
                 "spec":{"containers":[{"name":"c","image":"i"}]}}
                """.formatted(jobName, jobName, uid);
        String review = AdapterTestKit.admissionReview("gate-1", "default", podJson);
        String patch = given().contentType(ContentType.JSON).body(review).post("/admission/pods")
                .then().statusCode(200).extract().path("response.patch");
        assertThat(patch).as("the webhook binds the pod").isNotNull();
        JsonNode ops = JSON.readTree(new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8));
        assertThat(ops.toString()).as("no group yet: the pod is held").contains("kindred.io/gang");

        JsonNode admitted = JsonPatch.apply(ops, JSON.readTree(podJson));
        Pod pod = AdapterTestKit.kubernetes().pods().inNamespace("default")
                .resource(JSON.treeToValue(admitted, Pod.class)).create();
        assertThat(pod.getSpec().getSchedulingGates()).extracting(PodSchedulingGate::getName).contains("kindred.io/gang");
        assertBound(pod, group);
        // no group, no release: the pod stays gated while the workload has no status event
        Thread.sleep(1000);
        assertThat(gates(pod.getMetadata().getName())).contains("kindred.io/gang");

        AdapterTestKit.send("workload-status", uid, status(job, AbstractState.INITIALIZING,
                List.of(scale("pytorchjob", null, null), scale("master", 1, null), scale("worker", 3, null)), null));
        await().atMost(Duration.ofSeconds(60)).until(() -> AdapterTestKit.podGroup(podGroupGroup(), podGroupVersion(),
                "default", group) != null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gates(pod.getMetadata().getName())).as("released once the group exists")
                        .doesNotContain("kindred.io/gang"));
        assertBound(AdapterTestKit.kubernetes().pods().inNamespace("default").withName(pod.getMetadata().getName()).get(),
                group);
    }

    @Test
    void aBarePodOfTheRegisteredPodKindIsHeldUntilItCanBeBound() throws Exception {
        AdapterTestKit.register("Pod");
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.types().isRegistered("", "Pod"));
        // at admission the pod has no UID yet, and its group is named after it: no binding can be given, so the
        // pod is held by the gate and bound by the reconciler once it exists
        String review = AdapterTestKit.admissionReview("bare-1", "default", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare-%s"},
                 "spec":{"containers":[{"name":"c","image":"i"}]}}
                """.formatted(podGroupGroup().replace('.', '-')));
        String patch = given().contentType(ContentType.JSON).body(review).post("/admission/pods")
                .then().statusCode(200).extract().path("response.patch");
        assertThat(patch).isNotNull();
        String ops = new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8);
        assertThat(ops).contains("kindred.io/gang");
    }

    private static List<String> gates(String pod) {
        Pod live = AdapterTestKit.kubernetes().pods().inNamespace("default").withName(pod).get();
        return live.getSpec().getSchedulingGates() == null ? List.of()
                : live.getSpec().getSchedulingGates().stream().map(PodSchedulingGate::getName).toList();
    }
}
