package io.kindred.scheduleradapter.directives;

import static io.kindred.scheduleradapter.support.AdapterTestKit.scale;
import static io.kindred.scheduleradapter.support.AdapterTestKit.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.DirectiveOutcome;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.scheduleradapter.support.AdapterTestKit;
import io.kindred.scheduleradapter.support.BackendProfiles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the coscheduling backend, a gang it cannot express (an elastic component inside a gang: its flat minMember
 * would let other pods stand in for the component's minimum) is refused: a REJECTED directive naming the reason, a
 * Warning Event on the root, and no PodGroup — never a weaker group.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
@TestProfile(BackendProfiles.Coscheduling.class)
class CoschedulingRejectionTest {

    @Test
    void anElasticGangIsRejectedWithTheReasonAndAnEventOnTheRoot() {
        AdapterTestKit.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        AdapterTestKit.installCrd("scheduling.x-k8s.io", "PodGroup", "podgroups", "v1alpha1");
        AdapterTestKit.register("PyTorchJob");
        GenericKubernetesResource job = AdapterTestKit.create(
                AdapterTestKit.context("kubeflow.org", "v1", "PyTorchJob", "pytorchjobs"), "default",
                AdapterTestKit.object("kubeflow.org/v1", "PyTorchJob", "elastic-cos", Map.of("pytorchReplicaSpecs",
                        Map.of("Master", Map.of("replicas", 1), "Worker", Map.of("replicas", 4)))));
        String uid = job.getMetadata().getUid();
        AdapterTestKit.send("workload-status", uid, status(job, AbstractState.INITIALIZING,
                List.of(scale("pytorchjob", null, null), scale("master", 1, null), scale("worker", 4, 2)), null));

        await().atMost(Duration.ofSeconds(60)).until(() -> !AdapterTestKit.directives(uid).isEmpty());
        SchedulingDirectiveEvent directive = AdapterTestKit.directives(uid).get(0);
        assertThat(directive.getOutcome()).isEqualTo(DirectiveOutcome.REJECTED);
        assertThat(directive.getReason()).contains("sub-group worker is elastic (min 2 of 4)");
        assertThat(AdapterTestKit.podGroup("scheduling.x-k8s.io", "v1alpha1", "default", "kindred-" + uid + "-job"))
                .as("no weaker group is written").isNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(AdapterTestKit.kubernetes().v1().events()
                .inNamespace("default").list().getItems())
                .filteredOn(e -> uid.equals(e.getInvolvedObject().getUid()))
                .extracting(Event::getReason).contains("GangRejected"));
    }
}
