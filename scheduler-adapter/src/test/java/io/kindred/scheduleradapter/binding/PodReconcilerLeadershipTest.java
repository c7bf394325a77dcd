package io.kindred.scheduleradapter.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.leadership.LeaderElectionSettings;
import io.kindred.scheduleradapter.AdapterConfig;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pod reconciler is the adapter's single writer: of three replicas (the application and two more runtimes in
 * this process, on one Lease), only the leader patches a pod that was created without its binding; when the leader
 * gives up the Lease a standby takes over and binds the next one, and so on. The webhook serves on every replica
 * (not exercised here: it is stateless and answers on each).
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
@TestProfile(PodReconcilerLeadershipTest.OneLease.class)
class PodReconcilerLeadershipTest {

    private static final String LEASE = "reconciler-leadership-test";
    private static final Duration LEASE_DURATION = Duration.ofMillis(1500);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1000);
    private static final Duration RETRY = Duration.ofMillis(200);

    /** The application competes on the test's Lease under the name "app". */
    public static final class OneLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.leader-election.lease-name", LEASE,
                    "kindred.leader-election.identity", "app",
                    "kindred.leader-election.lease-duration", LEASE_DURATION.toMillis() + "ms",
                    "kindred.leader-election.renew-deadline", RENEW_DEADLINE.toMillis() + "ms",
                    "kindred.leader-election.retry-period", RETRY.toMillis() + "ms",
                    "mp.messaging.incoming.workload-status.group.id", "adapter-leadership-test",
                    "mp.messaging.incoming.workload-submissions.group.id", "adapter-leadership-test-submissions");
        }
    }

    @Inject
    AdapterRuntime app;

    @Inject
    AdapterConfig config;

    @Inject
    KubernetesClient kubernetes;

    @Test
    void onlyTheLeaderPatchesPodsAndAStandbyTakesOverWhenItGoes() throws Exception {
        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd("scheduling.run.ai", "PodGroup", "podgroups", "v2alpha2");
        AdapterTestKit.register("PyTorchJob");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.leadership().mayAct());

        List<AdapterRuntime> replicas = new ArrayList<>();
        try {
            AdapterRuntime b = replica("replica-b", replicas);
            AdapterRuntime c = replica("replica-c", replicas);
            GenericKubernetesResource job = AdapterTestKit.create(
                    AdapterTestKit.context("kubeflow.org", "v1", "PyTorchJob", "pytorchjobs"), "default",
                    AdapterTestKit.object("kubeflow.org/v1", "PyTorchJob", "leadership-job", Map.of(
                            "pytorchReplicaSpecs", Map.of("Master", Map.of("replicas", 1),
                                    "Worker", Map.of("replicas", 3)))));
            String uid = job.getMetadata().getUid();
            String group = "kindred-" + uid + "-job";
            await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of(app, b, c)
                    .allMatch(r -> r.typesLoaded() && r.objects().get(uid) != null));
            assertThat(b.leadership().leading()).isFalse();
            assertThat(c.leadership().leading()).isFalse();
            assertThat(b.reconciler().running()).as("a standby runs no reconciler").isFalse();
            assertThat(c.reconciler().running()).isFalse();

            // 1: the application leads and is the only one to patch
            awaitBound(createUnboundPod("leadership-worker-0", uid), group);
            long appPatches = app.reconciler().patches();
            assertThat(appPatches).isPositive();
            assertThat(b.reconciler().patches() + c.reconciler().patches()).isZero();

            // 2: it steps down (its webhook and consumers keep running); one standby takes over
            long steppedDown = System.nanoTime();
            app.leadership().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.reconciler().running()
                    && (b.leadership().mayAct() || c.leadership().mayAct()));
            System.out.printf("adapter: a standby leads %d ms after the leader gave the Lease up%n",
                    (System.nanoTime() - steppedDown) / 1_000_000);
            AdapterRuntime second = b.leadership().mayAct() ? b : c;
            AdapterRuntime third = second == b ? c : b;
            assertThat(third.leadership().leading()).isFalse();
            awaitBound(createUnboundPod("leadership-worker-1", uid), group);
            assertThat(second.reconciler().patches()).isPositive();
            assertThat(third.reconciler().patches()).isZero();
            assertThat(app.reconciler().patches()).as("the old leader writes nothing more").isEqualTo(appPatches);

            // 3: the new leader stops altogether; the last replica takes over
            second.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> third.leadership().mayAct());
            awaitBound(createUnboundPod("leadership-worker-2", uid), group);
            assertThat(third.reconciler().patches()).isPositive();
            assertThat(app.reconciler().patches()).isEqualTo(appPatches);
        } finally {
            replicas.forEach(AdapterRuntime::close);
        }
    }

    private AdapterRuntime replica(String identity, List<AdapterRuntime> replicas) {
        AdapterRuntime runtime = new AdapterRuntime(config, AdapterTestKit.kafka(), kubernetes,
                new LeaderElectionSettings(true, LEASE, kubernetes.getNamespace(), identity, LEASE_DURATION,
                        RENEW_DEADLINE, RETRY));
        replicas.add(runtime);
        runtime.start();
        return runtime;
    }

    /** A pod that reached the API server without the webhook (no binding): the reconciler's job. */
    private Pod createUnboundPod(String name, String ownerUid) {
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default",
                   "labels":{"training.kubeflow.org/replica-type":"worker"},
                   "ownerReferences":[{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","name":"leadership-job",
                     "uid":"%s","controller":true}]},
                 "spec":{"containers":[{"name":"c","image":"i"}]}}
                """.formatted(name, ownerUid);
        return kubernetes.pods().inNamespace("default").resource(Serialization.unmarshal(json, Pod.class)).create();
    }

    private void awaitBound(Pod pod, String group) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod live = kubernetes.pods().inNamespace("default").withName(pod.getMetadata().getName()).get();
            Map<String, String> annotations = live.getMetadata().getAnnotations();
            Map<String, String> labels = live.getMetadata().getLabels();
            assertThat(group).isIn(annotations == null ? null : annotations.get("pod-group-name"),
                    labels == null ? null : labels.get("pod-group-name"));
        });
    }
}
