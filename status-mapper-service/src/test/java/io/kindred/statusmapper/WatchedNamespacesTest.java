package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

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
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.workloadtypes.WorkloadTypeTable;
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

    @Test
    void restoredWorkloadsOfUnwatchedNamespacesAreNotDeclaredDeleted() {
        Await.running(engine);
        Await.settled(engine);
        engine.flush();
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            status.readToEnd();
            // Every object other tests left in the cluster still exists: none may have a DELETED last event.
            for (WorkloadTypeTable.RegisteredType type : engine.types().all()) {
                for (var binding : type.versions().values()) {
                    Await.watch(engine, binding.gvk().toString()).filter(w -> w.plural() != null).ifPresent(w -> {
                        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                                .withGroup(w.group()).withVersion(w.version()).withKind(w.kind()).withPlural(w.plural())
                                .withNamespaced(true).build();
                        List<GenericKubernetesResource> existing = TestKubernetes.client()
                                .genericKubernetesResources(context).inAnyNamespace().list().getItems();
                        for (GenericKubernetesResource object : existing) {
                            List<WorkloadStatusEvent> events = status.eventsOf(object.getMetadata().getUid());
                            if (!events.isEmpty()) {
                                assertThat(events.get(events.size() - 1).getState())
                                        .as("last event of %s/%s", object.getMetadata().getNamespace(),
                                                object.getMetadata().getName())
                                        .isNotEqualTo(AbstractState.DELETED);
                            }
                        }
                    });
                }
            }
        }
    }
}
