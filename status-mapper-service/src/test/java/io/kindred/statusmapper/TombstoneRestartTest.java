package io.kindred.statusmapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.StatusTopicReader.RawRecord;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;

/**
 * A deleted workload's key gets a tombstone once its DELETED record has been out for the grace period, also when the
 * service was restarted in between: the state store finds the DELETED record and plans its tombstone.
 */
@QuarkusTest
@TestProfile(TombstoneRestartTest.ShortGrace.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class TombstoneRestartTest {

    static final Duration GRACE = Duration.ofSeconds(6);

    /** A short grace, and a cluster id of its own, so no other test's records are tombstoned. */
    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.publish.tombstone-grace", GRACE.toSeconds() + "s",
                    "kindred.cluster-id", "tombstone-cluster");
        }
    }

    static final String GROUP = "tombstone.kindred.io";
    static final String GVK = "GoneJob.tombstone.kindred.io/v1";
    static final ResourceDefinitionContext GONE_JOB = TestKubernetes.context(GROUP, "v1", "GoneJob", "gonejobs");

    @Inject
    StatusMapperEngine engine;

    @Test
    void aDeletedWorkloadIsTombstonedAfterTheGraceEvenAcrossARestart() throws Exception {
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "GoneJob", "gonejobs", "v1");
        TestTopics.register("GoneJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "GoneJob"))));
        Await.mapped(engine, GVK);

        String kept = TestKubernetes.create(GONE_JOB, "kept", Map.of("replicas", 1)).getMetadata().getUid();
        String beforeStop = TestKubernetes.create(GONE_JOB, "before-stop", Map.of("replicas", 1)).getMetadata().getUid();
        String whileDown = TestKubernetes.create(GONE_JOB, "while-down", Map.of("replicas", 1)).getMetadata().getUid();
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            for (String uid : List.of(kept, beforeStop, whileDown)) {
                Await.lastEvent(status, uid, e -> e.getState() == AbstractState.UNDEFINED);
            }
            TestKubernetes.delete(GONE_JOB, "before-stop");
            Await.lastEvent(status, beforeStop, e -> e.getState() == AbstractState.DELETED);

            // Stopped within the grace: the tombstone of "before-stop" is not out, nothing in memory remembers it.
            engine.stop();
            TestKubernetes.delete(GONE_JOB, "while-down");
            engine.start();
            assertThat(engine.awaitRunning(Await.PATIENCE)).isTrue();
            Await.lastEvent(status, whileDown, e -> e.getState() == AbstractState.DELETED);

            org.awaitility.Awaitility.await().atMost(GRACE.multipliedBy(4)).until(() -> {
                List<RawRecord> records = status.readToEnd().rawRecords();
                return tombstoned(records, beforeStop) && tombstoned(records, whileDown);
            });
            List<RawRecord> records = status.readToEnd().rawRecords();
            for (String uid : List.of(beforeStop, whileDown)) {
                List<RawRecord> ofUid = records.stream().filter(r -> uid.equals(r.key())).toList();
                RawRecord deleted = ofUid.get(ofUid.size() - 2);
                RawRecord tombstone = ofUid.get(ofUid.size() - 1);
                assertThat(tombstone.tombstone()).as("the last record of %s", uid).isTrue();
                assertThat(deleted.tombstone()).isFalse();
                assertThat(ofUid.stream().filter(RawRecord::tombstone)).as("one tombstone of %s", uid).hasSize(1);
                assertThat(tombstone.timestamp() - deleted.timestamp()).as("ms between the DELETED record and the tombstone")
                        .isGreaterThanOrEqualTo(GRACE.toMillis());
            }
            assertThat(records.stream().filter(r -> kept.equals(r.key())).noneMatch(RawRecord::tombstone))
                    .as("an object that exists is never tombstoned").isTrue();

            // A restart after the tombstones finds nothing to do: no second tombstone, no DELETED again.
            int before = status.readToEnd().rawRecords().size();
            engine.stop();
            engine.start();
            assertThat(engine.awaitRunning(Await.PATIENCE)).isTrue();
            Await.settled(engine);
            engine.flush();
            Thread.sleep(GRACE.toMillis());
            assertThat(status.readToEnd().rawRecords()).hasSize(before);
        }
    }

    private static boolean tombstoned(List<RawRecord> records, String uid) {
        List<RawRecord> ofUid = records.stream().filter(r -> uid.equals(r.key())).toList();
        return !ofUid.isEmpty() && ofUid.get(ofUid.size() - 1).tombstone();
    }
}
