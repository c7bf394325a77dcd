package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindred.devstack.Devstack;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every change reaches the workload-types topic, in order, exactly as the contract describes, even across a Kafka outage. */
@QuarkusTest
class OutboxTest {

    private static final String TYPES = "/api/v1/workload-types";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void eachChangeIsPublishedInOrderWithIncreasingRevisions() {
        String kind = TestApi.uniqueKind("Evented");
        String id = TestApi.create(kind, "v1");
        asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + id).then().statusCode(200);
        asAdmin().body("{}").put(TYPES + "/" + id).then().statusCode(200); // no change, no event
        asAdmin().delete(TYPES + "/" + id).then().statusCode(204);

        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast(kind, 4), PATIENCE), kind);
            assertThat(events).hasSize(4);
            WorkloadTypeEvent created = events.get(0).value();
            WorkloadTypeEvent updated = events.get(1).value();
            WorkloadTypeEvent deleted = events.get(2).value();
            assertThat(List.of(created.getChange(), updated.getChange(), deleted.getChange()))
                    .containsExactly(WorkloadTypeChange.CREATED, WorkloadTypeChange.UPDATED, WorkloadTypeChange.DELETED);
            assertThat(events.get(3).value()).as("tombstone after the delete").isNull();
            assertThat(updated.getRevision()).isEqualTo(created.getRevision() + 1);
            assertThat(deleted.getRevision()).isEqualTo(updated.getRevision() + 1);
            assertThat(Set.of(created.getEventId(), updated.getEventId(), deleted.getEventId())).hasSize(3);

            assertThat(created.getName()).isEqualTo(kind);
            assertThat(created.getType().getId()).isEqualTo(id);
            assertThat(created.getType().getGroup()).isEqualTo(TestApi.TEST_GROUP);
            assertThat(created.getType().getCategoryId()).isEqualTo(TestApi.TRAIN);
            assertThat(created.getType().getCategoryName()).isEqualTo("Train");
            assertThat(created.getType().getPriorityName()).isEqualTo("low");
            assertThat(created.getType().getBuiltin()).isFalse();
            assertThat(created.getType().getVersions()).hasSize(1);
            assertThat(created.getType().getVersions().get(0).getVersion()).isEqualTo("v1");
            assertThat(created.getType().getVersions().get(0).getResourceInterface()).contains("\"kind\":\"" + kind + "\"");
            assertThat(updated.getType().getPriorityName()).isEqualTo("high");
            assertThat(deleted.getType().getPriorityName()).as("DELETED carries the last state").isEqualTo("high");
            assertThat(events.stream().map(TopicReader.Event::partition).distinct()).as("one key, one partition").hasSize(1);
        }
    }

    @Test
    void aRecreatedNameContinuesItsRevisions() {
        String kind = TestApi.uniqueKind("Reborn");
        String first = TestApi.create(kind);
        asAdmin().delete(TYPES + "/" + first).then().statusCode(204);
        TestApi.create(kind);
        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast(kind, 4), PATIENCE), kind);
            List<Long> revisions = events.stream().filter(e -> e.value() != null).map(e -> (long) e.value().getRevision()).toList();
            assertThat(revisions).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void builtInsWereCreatedAndSnapshottedOnTheFirstStart() {
        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast("Deployment", 2), PATIENCE),
                    "Deployment");
            assertThat(events.get(0).value().getChange()).isEqualTo(WorkloadTypeChange.CREATED);
            assertThat(events.get(0).value().getType().getBuiltin()).isTrue();
            assertThat(events.get(0).value().getType().getGroup()).isEqualTo("apps");
            TopicReader.Event snapshot = events.stream()
                    .filter(e -> e.value() != null && e.value().getChange() == WorkloadTypeChange.SNAPSHOT).findFirst().orElseThrow();
            assertThat(snapshot.value().getRevision()).isEqualTo(events.get(0).value().getRevision());
        }
    }

    @Test
    void theCoreGroupTravelsAsKubernetesSpellsItWhateverTheApiShows() {
        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast("Pod", 1), PATIENCE), "Pod");
            assertThat(events.get(0).value().getType().getGroup()).as("the Avro contract: empty string for the core group")
                    .isEqualTo("");
        }
        TestApi.asViewer().queryParam("filterBy", "name==Pod").get(TYPES).then().statusCode(200)
                .body("types[0].group", org.hamcrest.Matchers.is("core"));
    }

    @Test
    void republishSendsASnapshotOfEveryTypeAtItsCurrentRevision() {
        String kind = TestApi.uniqueKind("Snapshotted");
        String id = TestApi.create(kind);
        asAdmin().body("{\"priorityId\":\"" + TestApi.HIGH + "\"}").put(TYPES + "/" + id).then().statusCode(200);
        int enqueued = asAdmin().post(TYPES + "/republish").then().statusCode(202).extract().path("enqueued");
        int total = TestApi.asViewer().get(TYPES).then().extract().path("types.size()");
        assertThat(enqueued).isEqualTo(total);
        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast(kind, 3), PATIENCE), kind);
            assertThat(events.get(2).value().getChange()).isEqualTo(WorkloadTypeChange.SNAPSHOT);
            assertThat(events.get(2).value().getRevision()).isEqualTo(events.get(1).value().getRevision());
            assertThat(events.get(2).value().getType().getPriorityName()).isEqualTo("high");
        }
    }

    @Test
    void writesSucceedWhileKafkaIsDownAndNothingIsLostWhenItReturns() {
        KafkaBackend kafka = Devstack.kafka();
        Assumptions.assumeTrue(kafka.supportsBrokerRestart(), "needs a broker the devstack can stop");
        String kindA = TestApi.uniqueKind("Outage");
        String kindB = TestApi.uniqueKind("Outage");
        kafka.stopBroker();
        try {
            String a = TestApi.create(kindA, "v1");
            String b = TestApi.create(kindB, "v1");
            for (String priority : List.of(TestApi.HIGH, TestApi.LOW, TestApi.HIGH)) {
                asAdmin().body("{\"priorityId\":\"" + priority + "\"}").put(TYPES + "/" + a).then().statusCode(200);
            }
            asAdmin().delete(TYPES + "/" + b).then().statusCode(204);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("kindred_outbox_unpublished_events"))
                    .isGreaterThanOrEqualTo(6));
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            kafka.startBroker();
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(metric("kindred_outbox_unpublished_events")).isZero());
        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> all = reader.readUntil(
                    events -> TopicReader.of(events, kindA).size() >= 4 && TopicReader.of(events, kindB).size() >= 3, PATIENCE);
            List<TopicReader.Event> eventsA = distinctById(TopicReader.of(all, kindA));
            assertThat(eventsA).extracting(e -> e.value().getChange()).containsExactly(WorkloadTypeChange.CREATED,
                    WorkloadTypeChange.UPDATED, WorkloadTypeChange.UPDATED, WorkloadTypeChange.UPDATED);
            assertThat(eventsA).extracting(e -> e.value().getType().getPriorityName()).containsExactly("low", "high", "low", "high");
            assertThat(eventsA).extracting(e -> (long) e.value().getRevision()).isSorted();
            List<TopicReader.Event> eventsB = TopicReader.of(all, kindB);
            assertThat(eventsB.get(0).value().getChange()).isEqualTo(WorkloadTypeChange.CREATED);
            assertThat(eventsB.stream().filter(e -> e.value() != null).map(e -> e.value().getChange()))
                    .contains(WorkloadTypeChange.DELETED);
            assertThat(eventsB.get(eventsB.size() - 1).value()).as("the last record of a deleted type is its tombstone").isNull();
        }
    }

    /** A retried batch may repeat a record the broker had stored; consumers skip repeats by eventId, so do we. */
    private static List<TopicReader.Event> distinctById(List<TopicReader.Event> events) {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(e -> e.value() != null && seen.add(e.value().getEventId())).toList();
    }

    static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("metric " + name + " not exposed"));
    }
}
