package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static io.kindred.registry.TestApi.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A poison outbox row (here one whose payload cannot be decoded any more, as after an incompatible schema change) is
 * parked after kindred.outbox.relay.max-attempts (3 in tests) failures instead of stopping every later event; later
 * events of its type wait behind it, other types go on; an administrator retries or drops it.
 */
@QuarkusTest
class OutboxParkingTest {

    private static final String PARKED = "/api/v1/outbox/parked";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    @Test
    void aRowThatKeepsFailingIsParkedAndLaterEventsOfOtherTypesGoOutWhileItsOwnWait() throws Exception {
        String poisoned = TestApi.uniqueKind("Poisoned");
        String bystander = TestApi.uniqueKind("Bystander");
        long parkedId = insertPoison(poisoned);
        TestApi.create(poisoned); // after the poison row: must not overtake it
        TestApi.create(bystander);

        Map<String, Object> parked = awaitParked(parkedId);
        assertThat(parked.get("failures")).isEqualTo(3);
        assertThat((String) parked.get("lastError")).isNotBlank();
        assertThat(parked.get("typeName")).isEqualTo(poisoned);
        assertThat(parked.get("heldBack")).as("the poisoned type's CREATED waits behind it").isEqualTo(1);

        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = reader.readUntil(TopicReader.hasAtLeast(bystander, 1), PATIENCE);
            // ids follow commit order and the relay publishes in id order: had the poisoned type's CREATED not been
            // held back, it would be on the topic before the bystander's
            assertThat(TopicReader.of(events, poisoned)).as("nothing of the poisoned type overtook the parked row").isEmpty();
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(OutboxTest.metric("kindred_outbox_parked_events")).isGreaterThanOrEqualTo(1));
        JsonPath health = JsonPath.from(given().get("/q/health/ready").then().statusCode(200).extract().asString());
        assertThat(health.getString("status")).as("a parked event is a warning, not unreadiness").isEqualTo("UP");
        Map<String, Object> outbox = health.getMap("checks.find { it.name == 'Kafka and outbox' }.data");
        assertThat(((Number) outbox.get("outboxParkedEvents")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat((String) outbox.get("warning")).contains("parked");

        asAdmin().delete(PARKED + "/" + parkedId).then().statusCode(204); // leave nothing parked for other tests
    }

    @Test
    void retryPublishesTheParkedEventAndThenTheOnesThatWaitedBehindIt() throws Exception {
        String poisoned = TestApi.uniqueKind("Mended");
        String other = TestApi.uniqueKind("Donor");
        long parkedId = insertPoison(poisoned);
        TestApi.create(poisoned);
        TestApi.create(other);
        awaitParked(parkedId);

        // the cause is fixed (here: the row's payload becomes one that encodes, the donor type's CREATED event)
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("update outbox_event set payload = "
                        + "(select payload from outbox_event where type_name = ? and change = 'CREATED') where id = ?")) {
            statement.setString(1, other);
            statement.setLong(2, parkedId);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
        asAdmin().post(PARKED + "/" + parkedId + "/retry").then().statusCode(202)
                .body("id", is((int) parkedId)).body("failures", is(0));

        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast(poisoned, 2), PATIENCE),
                    poisoned);
            assertThat(events.get(0).value().getName()).as("the retried row first (it carries the donor's event)").isEqualTo(other);
            assertThat(events.get(1).value().getName()).as("then the event that waited behind it").isEqualTo(poisoned);
        }
        List<Integer> ids = asAdmin().get(PARKED).then().statusCode(200).extract().path("events.id");
        assertThat(ids).doesNotContain((int) parkedId);
    }

    @Test
    void dropRemovesTheParkedEventAndReleasesTheOnesBehindIt() throws Exception {
        String poisoned = TestApi.uniqueKind("Dropped");
        long parkedId = insertPoison(poisoned);
        TestApi.create(poisoned);
        awaitParked(parkedId);

        asAdmin().delete(PARKED + "/" + parkedId).then().statusCode(204);
        asAdmin().delete(PARKED + "/" + parkedId).then().statusCode(404).body("code", is(404));

        try (TopicReader reader = new TopicReader()) {
            List<TopicReader.Event> events = TopicReader.of(reader.readUntil(TopicReader.hasAtLeast(poisoned, 1), PATIENCE),
                    poisoned);
            assertThat(events.get(0).value().getName()).isEqualTo(poisoned);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from outbox_event where id = ?")) {
            statement.setLong(1, parkedId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                assertThat(result.getLong(1)).as("the dropped row is gone").isZero();
            }
        }
    }

    @Test
    void onlyAdministratorsSeeOrTouchParkedEvents() {
        asViewer().get(PARKED).then().statusCode(403).body("code", is(403));
        asViewer().post(PARKED + "/1/retry").then().statusCode(403);
        asViewer().delete(PARKED + "/1").then().statusCode(403);
        given().get(PARKED).then().statusCode(401).body("code", is(401));
        asAdmin().get(PARKED).then().statusCode(200);
        asAdmin().post(PARKED + "/not-an-id/retry").then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("not-an-id"));
        asAdmin().post(PARKED + "/999999999/retry").then().statusCode(404).body("code", is(404));
    }

    /** A row as the writer would have stored it, but with a payload that no longer decodes. */
    private long insertPoison(String typeName) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("insert into outbox_event "
                        + "(event_id, type_id, type_name, change, revision, occurred_at, payload) values (?, ?, ?, 'UPDATED', 0, ?, ?) "
                        + "returning id")) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, UUID.randomUUID());
            statement.setString(3, typeName);
            statement.setTimestamp(4, Timestamp.from(Instant.now()));
            statement.setBytes(5, new byte[] { (byte) 0xC3, 0x01, 0x7F, 0x00, 0x42 });
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static Map<String, Object> awaitParked(long id) {
        return await().atMost(PATIENCE).until(() -> {
            List<Map<String, Object>> events = asAdmin().get(PARKED).then().statusCode(200).extract().path("events");
            return events.stream().filter(e -> ((Number) e.get("id")).longValue() == id).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }
}
