package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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

/**
 * Stops the whole pipeline mid-stream (consumers, informers, producer, all memory), changes the cluster while it is
 * down, starts it again and reads the topic back: every transition that happened while it was down is published
 * exactly once, nothing else is published again.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class RestartSafetyTest {

    static final String GROUP = "restart.kindred.io";
    static final String GVK = "RestartJob.restart.kindred.io/v1";
    static final ResourceDefinitionContext RESTART_JOB = TestKubernetes.context(GROUP, "v1", "RestartJob", "restartjobs");

    @Inject
    StatusMapperEngine engine;

    @Test
    void aRestartPublishesExactlyTheTransitionsThatHappenedWhileDownAndNoDuplicates() throws Exception {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "RestartJob", "restartjobs", "v1");
        TestTopics.register("RestartJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "RestartJob"))));
        Await.mapped(engine, GVK);

        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            String changed = start("changed", "Pending");
            String deleted = start("deleted", "Running");
            String unchanged = start("unchanged", "Running");
            String rescaled = start("rescaled", "Running");
            TestKubernetes.setStatus(RESTART_JOB, "changed", Map.of("phase", "Running"));
            List<String> existing = List.of(changed, deleted, unchanged, rescaled);
            for (String uid : existing) {
                Await.lastEvent(status, uid, e -> e.getState() == AbstractState.RUNNING);
            }
            engine.flush();
            status.readToEnd();
            Map<String, Integer> publishedBeforeStop = new HashMap<>();
            existing.forEach(uid -> publishedBeforeStop.put(uid, status.eventsOf(uid).size()));

            engine.stop();
            assertThat(engine.tracker().size()).as("stopping forgets everything").isZero();

            TestKubernetes.setStatus(RESTART_JOB, "changed", Map.of("phase", "Succeeded"));
            TestKubernetes.delete(RESTART_JOB, "deleted");
            TestKubernetes.edit(RESTART_JOB, "rescaled", job -> {
                job.setAdditionalProperty("spec", Map.of("replicas", 5));
                return job;
            });
            String bornWhileDown = TestKubernetes.create(RESTART_JOB, "born-while-down", Map.of("replicas", 1))
                    .getMetadata().getUid();
            // A status-only write changes the resourceVersion but nothing the platform cares about.
            TestKubernetes.setStatus(RESTART_JOB, "unchanged", Map.of("phase", "Running", "message", "still going"));

            engine.start();
            assertThat(engine.awaitRunning(Await.PATIENCE)).isTrue();
            Await.settled(engine);
            engine.flush();
            status.readToEnd();

            assertThat(sincePublished(status, changed, publishedBeforeStop))
                    .extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                    .containsExactly(tuple(AbstractState.COMPLETED, AbstractState.RUNNING));
            List<WorkloadStatusEvent> deletion = sincePublished(status, deleted, publishedBeforeStop);
            assertThat(deletion).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                    .containsExactly(tuple(AbstractState.DELETED, AbstractState.RUNNING));
            assertThat(deletion.get(0).getName()).as("the deletion carries the last published values").isEqualTo("deleted");
            assertThat(deletion.get(0).getComponents()).extracting(ComponentScale::getReplicas).containsExactly(null, 2);
            assertThat(sincePublished(status, unchanged, publishedBeforeStop))
                    .as("nothing changed for the platform: no duplicate").isEmpty();
            List<WorkloadStatusEvent> rescaling = sincePublished(status, rescaled, publishedBeforeStop);
            assertThat(rescaling).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                    .containsExactly(tuple(AbstractState.RUNNING, AbstractState.RUNNING));
            assertThat(rescaling.get(0).getComponents()).extracting(ComponentScale::getReplicas).containsExactly(null, 5);
            assertThat(rescaling.get(0).getGeneration()).isEqualTo(2L);
            assertThat(status.eventsOf(bornWhileDown)).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                    .containsExactly(tuple(AbstractState.UNDEFINED, null));
            for (String uid : List.of(changed, deleted, unchanged, rescaled, bornWhileDown)) {
                assertNoGapNorDuplicate(status.eventsOf(uid));
            }

            // And the pipeline goes on after the restart.
            TestKubernetes.setStatus(RESTART_JOB, "unchanged", Map.of("phase", "Failed"));
            WorkloadStatusEvent failed = Await.lastEvent(status, unchanged, e -> e.getState() == AbstractState.FAILED)
                    .get(publishedBeforeStop.get(unchanged));
            assertThat(failed.getPreviousState()).isEqualTo(AbstractState.RUNNING);
        }
    }

    /** Each event's previousState is the state of the event before it, and no two consecutive events are equal. */
    static void assertNoGapNorDuplicate(List<WorkloadStatusEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            WorkloadStatusEvent before = events.get(i - 1);
            WorkloadStatusEvent event = events.get(i);
            assertThat(event.getPreviousState()).as("previous state of event %d of %s", i, event.getName())
                    .isEqualTo(before.getState());
            boolean samePlatformView = event.getState() == before.getState()
                    && event.getMatchedStatuses().equals(before.getMatchedStatuses())
                    && event.getComponents().equals(before.getComponents())
                    && java.util.Objects.equals(event.getGeneration(), before.getGeneration());
            assertThat(samePlatformView).as("event %d of %s repeats the one before", i, event.getName()).isFalse();
        }
    }

    static List<WorkloadStatusEvent> sincePublished(StatusTopicReader status, String uid, Map<String, Integer> before) {
        List<WorkloadStatusEvent> events = status.eventsOf(uid);
        return events.subList(before.get(uid), events.size());
    }

    @Test
    void repeatedRestartsWithoutChangesPublishNothing() throws Exception {
        Await.running(engine);
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            engine.flush();
            int before = status.readToEnd().rawRecords().size();
            for (int i = 0; i < 2; i++) {
                engine.stop();
                engine.start();
                assertThat(engine.awaitRunning(Await.PATIENCE)).isTrue();
                Await.settled(engine);
                engine.flush();
            }
            assertThat(status.readToEnd().rawRecords()).hasSize(before);
        }
    }

    private String start(String name, String phase) {
        GenericKubernetesResource job = TestKubernetes.create(RESTART_JOB, name, Map.of("replicas", 2));
        TestKubernetes.setStatus(RESTART_JOB, name, Map.of("phase", phase));
        return job.getMetadata().getUid();
    }

}
