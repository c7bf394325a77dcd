package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.kafka.DeadLetterPublisher;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader.RawRecord;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;

/** Types come and go at run time: new kinds are watched without a restart, missing CRDs are waited for, bad records are set aside. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class TypeRegistrationTest {

    @Inject
    StatusMapperEngine engine;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void pipelineRuns() {
        Await.running(engine);
    }

    static String phaseJob(String group, String version, String kind) {
        return TestTopics.ri("phase-job-template.json", Map.of("group", group, "version", version, "kind", kind));
    }

    @Test
    void aKindWhoseCrdIsAbsentIsReportedAndRetriedThenWatchedOnceTheCrdAppears() {
        String gvk = "LateJob.late.kindred.io/v1";
        TestTopics.register("LateJob", "late.kindred.io", 1, Map.of("v1", phaseJob("late.kindred.io", "v1", "LateJob")));

        WatchStatus waiting = Await.state(engine, gvk, WatchState.KIND_NOT_INSTALLED);
        assertThat(waiting.lastError()).contains("not served");
        await().atMost(Await.PATIENCE).until(() -> Await.watch(engine, gvk).orElseThrow().attempts() >= 2);
        given().when().get("/q/health/ready").then()
                .body(containsString("KIND_NOT_INSTALLED"))
                .body(containsString(gvk));
        given().when().get("/q/metrics").then()
                .body(containsString("kindred_statusmapper_watch_kind_retries_total{gvk=\"" + gvk + "\""));
        assertThat(engine.phase()).as("a missing CRD never stops the service").isEqualTo(StatusMapperEngine.Phase.RUNNING);

        TestKubernetes.installCrd("late.kindred.io", "LateJob", "latejobs", "v1");
        Await.mapped(engine, gvk);
        ResourceDefinitionContext late = TestKubernetes.context("late.kindred.io", "v1", "LateJob", "latejobs");
        GenericKubernetesResource job = TestKubernetes.create(late, "late-1", Map.of("replicas", 2));
        TestKubernetes.setStatus(late, "late-1", Map.of("phase", "Running"));
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            Await.lastEvent(status, job.getMetadata().getUid(), e -> e.getState() == AbstractState.RUNNING);
        }
    }

    @Test
    void poisonAndInvalidRecordsGoToTheDeadLetterTopicWithTheReasonAndConsumptionGoesOn() {
        TestTopics.sendRaw(TestTopics.WORKLOAD_TYPES, "Garbage", "definitely not avro".getBytes(StandardCharsets.UTF_8));
        TestTopics.register("BrokenRi", "broken.kindred.io", 1, Map.of("v1", "{\"structureDefinition\": {\"rootComponent\": 5}}"));
        TestTopics.register("AfterPoison", "after.kindred.io", 1, Map.of("v1", phaseJob("after.kindred.io", "v1", "AfterPoison")));

        Await.state(engine, "AfterPoison.after.kindred.io/v1", WatchState.KIND_NOT_INSTALLED);
        assertThat(engine.types().get("BrokenRi")).isNull();
        try (StatusTopicReader dlq = new StatusTopicReader(TestTopics.WORKLOAD_TYPES_DLQ)) {
            await().atMost(Await.PATIENCE).until(() -> dlq.readToEnd().rawRecords().stream()
                    .map(RawRecord::key).toList().containsAll(List.of("Garbage", "BrokenRi")));
            RawRecord garbage = dlq.rawRecords().stream().filter(r -> "Garbage".equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("definitely not avro");
            assertThat(garbage.headers().get(DeadLetterPublisher.REASON)).contains("cannot be decoded");
            assertThat(garbage.headers().get(DeadLetterPublisher.TOPIC)).isEqualTo(TestTopics.WORKLOAD_TYPES);
            assertThat(garbage.headers()).containsKeys(DeadLetterPublisher.PARTITION, DeadLetterPublisher.OFFSET);
            RawRecord brokenRi = dlq.rawRecords().stream().filter(r -> "BrokenRi".equals(r.key())).findFirst().orElseThrow();
            assertThat(brokenRi.headers().get(DeadLetterPublisher.REASON))
                    .contains("workload type 'BrokenRi'").contains("rootComponent");
        }
        assertThat(meters.find("kindred.statusmapper.types.records").tag("outcome", "dead-lettered").counter().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void revisionsOnlyMoveForwardVersionsStartAndStopWatchesAndDeletionStopsThem() {
        String v1 = "RevJob.rev.kindred.io/v1";
        String v2 = "RevJob.rev.kindred.io/v2";
        TestTopics.register("RevJob", "rev.kindred.io", 2, Map.of("v1", phaseJob("rev.kindred.io", "v1", "RevJob")));
        Await.state(engine, v1, WatchState.KIND_NOT_INSTALLED);

        double ignoredBefore = ignoredRecords();
        // An older revision (a replay) that would add v2 changes nothing…
        Map<String, String> both = new LinkedHashMap<>();
        both.put("v1", phaseJob("rev.kindred.io", "v1", "RevJob"));
        both.put("v2", phaseJob("rev.kindred.io", "v2", "RevJob"));
        TestTopics.register("RevJob", "rev.kindred.io", 1, both);
        // …and so does a duplicate of the applied one.
        TestTopics.register("RevJob", "rev.kindred.io", 2, both);
        // A newer revision adds v2 without a restart. Records of one type are applied in order, so once it is in,
        // the two before it were looked at.
        TestTopics.register("RevJob", "rev.kindred.io", 3, both);
        Await.state(engine, v2, WatchState.KIND_NOT_INSTALLED);
        assertThat(engine.types().get("RevJob").revision()).isEqualTo(3);
        assertThat(ignoredRecords() - ignoredBefore).isEqualTo(2);

        // Removing a version stops its watch only.
        TestTopics.register("RevJob", "rev.kindred.io", 4, Map.of("v2", phaseJob("rev.kindred.io", "v2", "RevJob")));
        await().atMost(Await.PATIENCE).until(() -> Await.watch(engine, v1).isEmpty());
        assertThat(Await.watch(engine, v2)).isPresent();

        // Deleting the type stops everything; a stale replay cannot bring it back; a tombstone is accepted.
        TestTopics.send("RevJob", TestTopics.typeEvent("RevJob", "rev.kindred.io", 5, WorkloadTypeChange.DELETED,
                Map.of("v2", phaseJob("rev.kindred.io", "v2", "RevJob"))));
        await().atMost(Await.PATIENCE).until(() -> Await.watch(engine, v2).isEmpty());
        double ignoredBeforeReplay = ignoredRecords();
        TestTopics.register("RevJob", "rev.kindred.io", 4, both);
        TestTopics.sendRaw(TestTopics.WORKLOAD_TYPES, "RevJob", null);
        TestTopics.register("RevJob", "rev.kindred.io", 6, Map.of("v1", phaseJob("rev.kindred.io", "v1", "RevJob")));
        Await.state(engine, v1, WatchState.KIND_NOT_INSTALLED);
        assertThat(engine.types().get("RevJob").revision()).isEqualTo(6);
        assertThat(ignoredRecords() - ignoredBeforeReplay)
                .as("the stale revision 4 and the tombstone of the already deleted type changed nothing").isEqualTo(2);
        assertThat(Await.watch(engine, v2)).isEmpty();
    }

    private double ignoredRecords() {
        var counter = meters.find("kindred.statusmapper.types.records").tag("outcome", "ignored").counter();
        return counter == null ? 0 : counter.count();
    }
}
