package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A built-in kind: a Deployment's scale changes are published, metadata-only changes are not. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentScaleTest {

    static final String GVK = "Deployment.apps/v1";

    @Inject
    StatusMapperEngine engine;

    StatusTopicReader status;

    @BeforeAll
    void registerDeployment() {
        Await.running(engine);
        // The mock API server lists only kinds with a CRD in discovery (see TestKubernetes.installCrd).
        TestKubernetes.installCrd("apps", "Deployment", "deployments", "v1");
        TestTopics.register("Deployment", "apps", 1, Map.of("v1", TestTopics.ri("deployment-v1.json", Map.of())));
        Await.mapped(engine, GVK);
        status = StatusTopicReader.statusEvents();
    }

    static void scale(KubernetesClient kube, int replicas) {
        kube.apps().deployments().inNamespace(TestKubernetes.NAMESPACE).withName("web")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    }

    @AfterAll
    void closeReader() {
        if (status != null) {
            status.close();
        }
    }

    @Test
    void scalingFromTwoToThreePublishesTheNewScaleAndALabelChangePublishesNothing() {
        KubernetesClient kube = TestKubernetes.client();
        Deployment created = kube.apps().deployments().inNamespace(TestKubernetes.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        String uid = created.getMetadata().getUid();

        WorkloadStatusEvent first = Await.events(status, uid, 1).get(0);
        assertThat(first.getState()).as("no conditions yet").isEqualTo(AbstractState.INITIALIZING);
        assertThat(first.getComponents()).extracting(ComponentScale::getComponent, ComponentScale::getInstanceId,
                ComponentScale::getReplicas).containsExactly(tuple("deployment", "", 2));

        kube.apps().deployments().inNamespace(TestKubernetes.NAMESPACE).withName("web").editStatus(d -> new DeploymentBuilder(d)
                .withNewStatus().withReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).withObservedGeneration(1L)
                .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                        .withReason("MinimumReplicasAvailable").build())
                .endStatus().build());
        WorkloadStatusEvent running = Await.events(status, uid, 2).get(1);
        assertThat(running.getState()).isEqualTo(AbstractState.RUNNING);
        assertThat(running.getObservedGeneration()).isEqualTo(1L);
        assertThat(running.getComponents()).extracting(ComponentScale::getReplicas).containsExactly(2);

        scale(kube, 3);
        WorkloadStatusEvent scaled = Await.events(status, uid, 3).get(2);
        assertThat(scaled.getState()).isEqualTo(AbstractState.RUNNING);
        assertThat(scaled.getPreviousState()).isEqualTo(AbstractState.RUNNING);
        assertThat(scaled.getGeneration()).isEqualTo(2L);
        assertThat(scaled.getComponents()).extracting(ComponentScale::getReplicas).containsExactly(3);

        // A label changes neither state, statuses, scales nor generation: nothing is published for it. The next
        // real change proves it, because the records of one workload are totally ordered.
        kube.apps().deployments().inNamespace(TestKubernetes.NAMESPACE).withName("web")
                .edit(d -> new DeploymentBuilder(d).editMetadata().addToLabels("team", "search").endMetadata().build());
        scale(kube, 4);
        List<WorkloadStatusEvent> events = Await.events(status, uid, 4);
        assertThat(events.get(3).getComponents()).extracting(ComponentScale::getReplicas).containsExactly(4);

        kube.apps().deployments().inNamespace(TestKubernetes.NAMESPACE).withName("web").delete();
        events = Await.events(status, uid, 5);
        assertThat(events).extracting(WorkloadStatusEvent::getState).containsExactly(AbstractState.INITIALIZING,
                AbstractState.RUNNING, AbstractState.RUNNING, AbstractState.RUNNING, AbstractState.DELETED);
        assertThat(events.get(4).getPreviousState()).isEqualTo(AbstractState.RUNNING);
    }
}
