package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With {@code kindred.watch.namespaces} set, only those namespaces are watched, and workloads restored from the state
 * store that live elsewhere are left alone: not watched is not deleted.
 */
@QuarkusTest
@TestProfile(WatchedNamespacesTest.TeamAOnly.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class WatchedNamespacesTest {

    public static class TeamAOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.watch.namespaces", "team-a");
        }
    }

    static final String GROUP = "scoped.kindred.io";
    static final String GVK = "ScopedJob.scoped.kindred.io/v1";

    @Inject
    StatusMapperEngine engine;

    @Test
    void onlyTheConfiguredNamespacesAreWatched() {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "ScopedJob", "scopedjobs", "v1");
        TestTopics.register("ScopedJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "ScopedJob"))));
        Await.mapped(engine, GVK);
        ResourceDefinitionContext scoped = TestKubernetes.context(GROUP, "v1", "ScopedJob", "scopedjobs");

        String outside = TestKubernetes.create(scoped, "outside", Map.of("replicas", 1)).getMetadata().getUid();
        GenericKubernetesResource inside = new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/v1").withKind("ScopedJob")
                .withNewMetadata().withName("inside").withNamespace("team-a").endMetadata().build();
        inside.setAdditionalProperty("spec", Map.of("replicas", 1));
        inside = TestKubernetes.client().genericKubernetesResources(scoped).inNamespace("team-a").resource(inside).create();

        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            assertThat(Await.events(status, inside.getMetadata().getUid(), 1).get(0).getNamespace()).isEqualTo("team-a");
            engine.flush();
            assertThat(status.readToEnd().eventsOf(outside)).isEmpty();
            assertThat(Await.watch(engine, GVK).orElseThrow().objects()).as("the informer only lists team-a").isEqualTo(1);
        }
    }

    /**
     * Sets up its own restored state: two workloads the state store remembers as Running (as a mapper that watched
     * every namespace published them) and that the cluster no longer lists, one in the watched namespace team-a and
     * one in team-b. After a restart, the team-a one is declared deleted (the control: reconciliation ran), the
     * team-b one is not (not watched is not deleted) and is forgotten.
     */
    @Test
    void restoredWorkloadsOfUnwatchedNamespacesAreNotDeclaredDeleted() throws Exception {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "ScopedJob", "scopedjobs", "v1");
        TestTopics.register("ScopedJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "ScopedJob"))));
        Await.mapped(engine, GVK);
        String goneFromTeamA = "restored-gone-team-a-" + UUID.randomUUID();
        String inTeamB = "restored-team-b-" + UUID.randomUUID();
        TestTopics.send(TestTopics.WORKLOAD_STATUS, goneFromTeamA, restoredRunning(goneFromTeamA, "team-a", "gone"));
        TestTopics.send(TestTopics.WORKLOAD_STATUS, inTeamB, restoredRunning(inTeamB, "team-b", "elsewhere"));

        engine.stop();
        engine.start(); // reads the state store again, then reconciles it with the informers' lists
        assertThat(engine.awaitRunning(Await.PATIENCE)).isTrue();
        Await.settled(engine);
        Await.mapped(engine, GVK);
        engine.flush();

        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            status.readToEnd();
            assertThat(Await.lastEvent(status, goneFromTeamA, e -> e.getState() == AbstractState.DELETED))
                    .as("the control: a restored team-a workload the list lacks is declared deleted")
                    .extracting(WorkloadStatusEvent::getState).containsExactly(AbstractState.RUNNING, AbstractState.DELETED);
            assertThat(status.eventsOf(inTeamB)).as("only the event the test wrote: nothing published for team-b")
                    .extracting(WorkloadStatusEvent::getState).containsExactly(AbstractState.RUNNING);
        }
        assertThat(engine.tracker().stateOf(inTeamB)).as("the team-b workload is forgotten, not tracked").isNull();
    }

    private static WorkloadStatusEvent restoredRunning(String uid, String namespace, String name) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setObservedAt(Instant.now())
                .setClusterId("test-cluster")
                .setGroup(GROUP).setVersion("v1").setKind("ScopedJob")
                .setNamespace(namespace).setName(name).setUid(uid)
                .setWorkloadType(new WorkloadTypeRef("ScopedJob", 1L))
                .setState(AbstractState.RUNNING)
                .setPhase("Running")
                .build();
    }
}
