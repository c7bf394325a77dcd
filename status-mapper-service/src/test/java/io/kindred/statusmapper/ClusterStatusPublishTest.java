package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.ClusterStatusTopicReader;
import io.kindred.statusmapper.support.ClusterStatusTopicReader.Report;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cluster-type-status topic, read as registry-service reads it: each registered type's watch state in this
 * cluster (test-cluster), published when it changes, a tombstone when the type is unregistered.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class ClusterStatusPublishTest {

    static final String GROUP = "clusterstatus.kindred.io";

    @Inject
    StatusMapperEngine engine;

    static String ri(String kind, String version) {
        return TestTopics.ri("phase-job-template.json", Map.of("group", GROUP, "version", version, "kind", kind));
    }

    static VersionWatch only(Report report) {
        assertThat(report.event()).isNotNull();
        assertThat(report.event().getVersions()).hasSize(1);
        return report.event().getVersions().get(0);
    }

    @Test
    void aWatchedKindIsReportedWatching() {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "ReadyJob", "readyjobs", "v1");
        TestTopics.register("ReadyJob", GROUP, 1, Map.of("v1", ri("ReadyJob", "v1")));

        try (ClusterStatusTopicReader topic = new ClusterStatusTopicReader()) {
            await().atMost(Await.PATIENCE).until(() -> topic.latest("test-cluster/ReadyJob")
                    .filter(r -> r.event() != null && r.event().getVersions().get(0).getState() == WatchPhase.WATCHING)
                    .isPresent());
            ClusterTypeStatusEvent report = topic.latest("test-cluster/ReadyJob").orElseThrow().event();
            assertThat(report.getClusterId()).isEqualTo("test-cluster");
            assertThat(report.getTypeName()).isEqualTo("ReadyJob");
            assertThat(report.getGroup()).isEqualTo(GROUP);
            assertThat(report.getTypeRevision()).isEqualTo(1);
            VersionWatch v1 = report.getVersions().get(0);
            assertThat(v1.getVersion()).isEqualTo("v1");
            assertThat(v1.getLead()).isTrue();
            assertThat(v1.getError()).isNull();
        }
    }

    @Test
    void aMissingKindIsReportedWithItsErrorThenWatchingWhenItsCrdAppearsThenTombstonedWhenUnregistered() {
        Await.running(engine);
        String key = "test-cluster/LateCrdJob";
        TestTopics.register("LateCrdJob", GROUP, 1, Map.of("v1", ri("LateCrdJob", "v1")));

        try (ClusterStatusTopicReader topic = new ClusterStatusTopicReader()) {
            await().atMost(Await.PATIENCE).until(() -> topic.latest(key)
                    .filter(r -> r.event() != null && only(r).getState() == WatchPhase.KIND_NOT_INSTALLED).isPresent());
            VersionWatch missing = only(topic.latest(key).orElseThrow());
            assertThat(missing.getError()).contains("LateCrdJob").contains("not served");
            assertThat(missing.getLead()).isFalse();

            TestKubernetes.installCrd(GROUP, "LateCrdJob", "latecrdjobs", "v1");
            await().atMost(Await.PATIENCE).until(() -> topic.latest(key)
                    .filter(r -> r.event() != null && only(r).getState() == WatchPhase.WATCHING && only(r).getLead())
                    .isPresent());
            VersionWatch watching = only(topic.latest(key).orElseThrow());
            assertThat(watching.getError()).isNull();
            assertThat(watching.getSince()).isAfterOrEqualTo(missing.getSince());

            List<WatchPhase> history = topic.of(key).stream().map(r -> only(r).getState()).toList();
            assertThat(history).as("published on change only: no repeated state between the two")
                    .doesNotHaveDuplicates();

            TestTopics.send("LateCrdJob", TestTopics.typeEvent("LateCrdJob", GROUP, 2, WorkloadTypeChange.DELETED,
                    Map.of("v1", ri("LateCrdJob", "v1"))));
            await().atMost(Await.PATIENCE).until(() -> topic.latest(key).filter(r -> r.event() == null).isPresent());
        }
    }
}
