package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.PodGroupRequirement;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A PyTorchJob, registered as a workload type through its event, goes through its whole life. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PyTorchJobLifecycleTest {

    static final ResourceDefinitionContext PYTORCH = TestKubernetes.context("kubeflow.org", "v1", "PyTorchJob", "pytorchjobs");
    static final String GVK = "PyTorchJob.kubeflow.org/v1";

    @Inject
    StatusMapperEngine engine;

    StatusTopicReader status;

    @BeforeAll
    void registerPyTorchJob() {
        Await.running(engine);
        TestKubernetes.installCrd("kubeflow.org", "PyTorchJob", "pytorchjobs", "v1");
        TestTopics.register("PyTorchJob", "kubeflow.org", 1, Map.of("v1", TestTopics.ri("pytorchjob-v1.json", Map.of())));
        Await.mapped(engine, GVK);
        status = StatusTopicReader.statusEvents();
    }

    @AfterAll
    void closeReader() {
        if (status != null) {
            status.close();
        }
    }

    @BeforeEach
    void pipelineRuns() {
        Await.running(engine);
    }

    @Test
    void publishesInitializingRunningCompletedThenDeletedWithComponentsAndScales() {
        GenericKubernetesResource job = TestKubernetes.create(PYTORCH, "mnist", pytorchSpec(1, 2, null));
        String uid = job.getMetadata().getUid();

        WorkloadStatusEvent created = Await.events(status, uid, 1).get(0);
        assertThat(created.getState()).as("no condition matches yet").isEqualTo(AbstractState.UNDEFINED);
        assertThat(created.getPreviousState()).isNull();
        assertThat(created.getClusterId()).isEqualTo("test-cluster");
        assertThat(created.getGroup()).isEqualTo("kubeflow.org");
        assertThat(created.getVersion()).isEqualTo("v1");
        assertThat(created.getKind()).isEqualTo("PyTorchJob");
        assertThat(created.getNamespace()).isEqualTo(TestKubernetes.NAMESPACE);
        assertThat(created.getName()).isEqualTo("mnist");
        assertThat(created.getUid()).isEqualTo(uid);
        assertThat(created.getGeneration()).isEqualTo(1L);
        assertThat(created.getWorkloadType().getName()).isEqualTo("PyTorchJob");
        assertThat(created.getWorkloadType().getRevision()).isEqualTo(1L);
        assertThat(created.getError()).isNull();
        assertThat(created.getComponents())
                .extracting(ComponentScale::getComponent, ComponentScale::getInstanceId, ComponentScale::getReplicas,
                        ComponentScale::getMinReplicas, ComponentScale::getMaxReplicas)
                .as("every instance of every component, the root without a scale")
                .containsExactly(tuple("pytorchjob", "", null, null, null), tuple("master", "", 1, null, null),
                        tuple("worker", "", 2, null, null));
        assertThat(created.getPodGroups()).extracting(PodGroupRequirement::getName, PodGroupRequirement::getMinMember,
                PodGroupRequirement::getMembers).containsExactly(tuple("job", 3, List.of("master", "worker")));

        TestKubernetes.setStatus(PYTORCH, "mnist", Map.of("conditions", List.of(
                condition("Created", "True", "PyTorchJobCreated"))));
        WorkloadStatusEvent initializing = Await.events(status, uid, 2).get(1);
        assertThat(initializing.getState()).isEqualTo(AbstractState.INITIALIZING);
        assertThat(initializing.getPreviousState()).isEqualTo(AbstractState.UNDEFINED);
        assertThat(initializing.getMatchedStatuses()).containsExactly("Initializing");
        assertThat(initializing.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Created");
            assertThat(c.getStatus()).isEqualTo("True");
        });

        TestKubernetes.setStatus(PYTORCH, "mnist", Map.of("conditions", List.of(
                condition("Created", "True", "PyTorchJobCreated"),
                condition("Running", "True", "PyTorchJobRunning"),
                condition("Succeeded", "False", null),
                condition("Failed", "False", null))));
        WorkloadStatusEvent running = Await.events(status, uid, 3).get(2);
        assertThat(running.getState()).isEqualTo(AbstractState.RUNNING);
        assertThat(running.getPreviousState()).isEqualTo(AbstractState.INITIALIZING);
        assertThat(running.getMatchedStatuses()).contains("Running");

        TestKubernetes.setStatus(PYTORCH, "mnist", Map.of("conditions", List.of(
                condition("Created", "True", "PyTorchJobCreated"),
                condition("Running", "False", "PyTorchJobSucceeded"),
                condition("Succeeded", "True", "PyTorchJobSucceeded"))));
        WorkloadStatusEvent completed = Await.events(status, uid, 4).get(3);
        assertThat(completed.getState()).isEqualTo(AbstractState.COMPLETED);
        assertThat(completed.getPreviousState()).isEqualTo(AbstractState.RUNNING);
        assertThat(completed.getComponents()).extracting(ComponentScale::getReplicas).containsExactly(null, 1, 2);

        TestKubernetes.delete(PYTORCH, "mnist");
        List<WorkloadStatusEvent> events = Await.events(status, uid, 5);
        WorkloadStatusEvent deleted = events.get(4);
        assertThat(deleted.getState()).isEqualTo(AbstractState.DELETED);
        assertThat(deleted.getPreviousState()).isEqualTo(AbstractState.COMPLETED);
        assertThat(deleted.getName()).isEqualTo("mnist");
        assertThat(deleted.getComponents()).extracting(ComponentScale::getReplicas).containsExactly(null, 1, 2);

        assertThat(events).extracting(WorkloadStatusEvent::getState).containsExactly(AbstractState.UNDEFINED,
                AbstractState.INITIALIZING, AbstractState.RUNNING, AbstractState.COMPLETED, AbstractState.DELETED);
        assertThat(events).extracting(WorkloadStatusEvent::getEventId).doesNotHaveDuplicates();
        assertThat(engine.tracker().stateOf(uid)).as("a deleted workload is forgotten").isNull();
    }

    @Test
    void elasticWorkersPublishTheirBoundsAndAnyChangeOfThem() {
        GenericKubernetesResource job = TestKubernetes.create(PYTORCH, "elastic", pytorchSpec(1, 2, new int[] {1, 4}));
        String uid = job.getMetadata().getUid();
        WorkloadStatusEvent created = Await.events(status, uid, 1).get(0);
        assertThat(created.getComponents())
                .extracting(ComponentScale::getComponent, ComponentScale::getReplicas, ComponentScale::getMinReplicas,
                        ComponentScale::getMaxReplicas)
                .containsExactly(tuple("pytorchjob", null, null, null), tuple("master", 1, null, null),
                        tuple("worker", 2, 1, 4));

        TestKubernetes.edit(PYTORCH, "elastic", current -> {
            current.setAdditionalProperty("spec", pytorchSpec(1, 3, new int[] {2, 6}));
            return current;
        });
        WorkloadStatusEvent scaled = Await.events(status, uid, 2).get(1);
        assertThat(scaled.getState()).as("scale change alone is published").isEqualTo(AbstractState.UNDEFINED);
        assertThat(scaled.getGeneration()).isEqualTo(2L);
        assertThat(scaled.getComponents()).extracting(ComponentScale::getComponent, ComponentScale::getReplicas,
                ComponentScale::getMinReplicas, ComponentScale::getMaxReplicas)
                .containsExactly(tuple("pytorchjob", null, null, null), tuple("master", 1, null, null),
                        tuple("worker", 3, 2, 6));
        TestKubernetes.delete(PYTORCH, "elastic");
        Await.lastEvent(status, uid, e -> e.getState() == AbstractState.DELETED);
    }

    @Test
    void anObjectTheResourceInterfaceCannotReadYieldsUndefinedWithTheErrorAndMappingGoesOn() {
        GenericKubernetesResource broken = TestKubernetes.create(PYTORCH, "broken",
                Map.of("pytorchReplicaSpecs", "not-an-object"));
        TestKubernetes.setStatus(PYTORCH, "broken", Map.of("conditions", List.of(condition("Created", "True", null))));
        WorkloadStatusEvent undefined = Await.events(status, broken.getMetadata().getUid(), 1).get(0);
        assertThat(undefined.getState()).isEqualTo(AbstractState.UNDEFINED);
        assertThat(undefined.getError()).isNotBlank();
        assertThat(undefined.getName()).isEqualTo("broken");

        GenericKubernetesResource healthy = TestKubernetes.create(PYTORCH, "healthy", pytorchSpec(1, 1, null));
        assertThat(Await.events(status, healthy.getMetadata().getUid(), 1).get(0).getError())
                .as("the next object maps normally").isNull();
        TestKubernetes.delete(PYTORCH, "broken");
        TestKubernetes.delete(PYTORCH, "healthy");
    }

    static Map<String, Object> pytorchSpec(int masters, int workers, int[] elastic) {
        Map<String, Object> template = Map.of("spec", Map.of("containers", List.of(Map.of("name", "pytorch",
                "image", "pytorch/pytorch:2.4"))));
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("pytorchReplicaSpecs", Map.of(
                "Master", Map.of("replicas", masters, "restartPolicy", "OnFailure", "template", template),
                "Worker", Map.of("replicas", workers, "restartPolicy", "OnFailure", "template", template)));
        if (elastic != null) {
            spec.put("elasticPolicy", Map.of("minReplicas", elastic[0], "maxReplicas", elastic[1]));
        }
        return spec;
    }

    static Map<String, Object> condition(String type, String status, String reason) {
        Map<String, Object> condition = new java.util.LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        if (reason != null) {
            condition.put("reason", reason);
        }
        condition.put("lastTransitionTime", "2026-11-28T10:00:00Z");
        return condition;
    }
}
