package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.KafkaClients;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two engines on the same topics and cluster, as two replicas would run them: the application's leads, a second one
 * started as a standby. The standby loads the types (warm) but watches and publishes nothing; when the leader stands
 * down and the standby is told to lead, it publishes exactly what changed while nobody led, and nothing again.
 * (stack's MapperFailoverIT does the same with processes, the Lease and kill -9.)
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class StandbyTakeoverTest {

    static final String GROUP = "standby.kindred.io";
    static final String GVK = "StandbyJob.standby.kindred.io/v1";
    static final ResourceDefinitionContext STANDBY_JOB = TestKubernetes.context(GROUP, "v1", "StandbyJob", "standbyjobs");

    @Inject
    StatusMapperEngine engine;

    @Inject
    StatusMapperConfig config;

    @Inject
    KafkaClients kafka;

    @Inject
    KubernetesClient kubernetes;

    @Test
    void aStandbyIsWarmPublishesNothingAndTakesOverWhatChangedWhileNobodyLed() throws Exception {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "StandbyJob", "standbyjobs", "v1");
        TestTopics.register("StandbyJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "StandbyJob"))));
        Await.mapped(engine, GVK);

        WorkloadKinds kinds = new WorkloadKinds();
        StatusMapperEngine standby = new StatusMapperEngine(StatusMapperBeans.settings(config), kafka, kubernetes,
                new StatusMapperMetrics(new SimpleMeterRegistry()), new WorkloadTracker(kinds), new WorkloadEvaluator(),
                Clock.systemUTC(), () -> true, false);
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            standby.start();
            await().atMost(Await.PATIENCE).until(() -> standby.phase() == StatusMapperEngine.Phase.STANDBY
                    && standby.types().get("StandbyJob") != null);
            assertThat(standby.watches()).as("a standby watches nothing").isEmpty();
            assertThat(standby.mapper()).isNull();

            String moved = start("moved", "Running");
            Await.lastEvent(status, moved, e -> e.getState() == AbstractState.RUNNING);
            TestKubernetes.setStatus(STANDBY_JOB, "moved", Map.of("phase", "Failed"));
            Await.lastEvent(status, moved, e -> e.getState() == AbstractState.FAILED);
            engine.flush();
            status.readToEnd();
            int before = status.eventsOf(moved).size();
            assertThat(status.eventsOf(moved)).filteredOn(e -> e.getState() != AbstractState.UNDEFINED)
                    .extracting(WorkloadStatusEvent::getState).as("published once each, by the leader alone")
                    .containsExactly(AbstractState.RUNNING, AbstractState.FAILED);
            assertThat(standby.types().size()).as("still warm").isEqualTo(engine.types().size());

            // the leader stands down; while nobody leads, one object changes and one is created
            engine.standDown();
            await().atMost(Await.PATIENCE).until(() -> engine.phase() == StatusMapperEngine.Phase.STANDBY);
            TestKubernetes.setStatus(STANDBY_JOB, "moved", Map.of("phase", "Succeeded"));
            String born = start("born", "Running");
            Thread.sleep(1000);
            status.readToEnd();
            assertThat(status.eventsOf(moved)).as("nobody publishes while nobody leads").hasSize(before);
            assertThat(status.eventsOf(born)).isEmpty();

            standby.lead();
            assertThat(standby.awaitRunning(Await.PATIENCE)).isTrue();
            Await.settled(standby);
            standby.flush();
            status.readToEnd();
            assertThat(RestartSafetyTest.sincePublished(status, moved, Map.of(moved, before)))
                    .extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                    .containsExactly(tuple(AbstractState.COMPLETED, AbstractState.FAILED));
            assertThat(status.eventsOf(born)).extracting(WorkloadStatusEvent::getState)
                    .containsExactly(AbstractState.RUNNING);
            RestartSafetyTest.assertNoGapNorDuplicate(status.eventsOf(moved));
            assertThat(standby.lastTakeover()).isNotNull();

            // the new leader stands down: it publishes nothing more
            standby.standDown();
            await().atMost(Await.PATIENCE).until(() -> standby.phase() == StatusMapperEngine.Phase.STANDBY);
            TestKubernetes.setStatus(STANDBY_JOB, "born", Map.of("phase", "Failed"));
            Thread.sleep(1000);
            status.readToEnd();
            assertThat(status.eventsOf(born)).hasSize(1);
        } finally {
            standby.stop();
            engine.lead();
            await().atMost(Await.PATIENCE).until(() -> engine.phase() == StatusMapperEngine.Phase.RUNNING);
        }
    }

    private String start(String name, String phase) {
        String uid = TestKubernetes.create(STANDBY_JOB, name, Map.of("replicas", 1)).getMetadata().getUid();
        TestKubernetes.setStatus(STANDBY_JOB, name, Map.of("phase", phase));
        return uid;
    }
}
