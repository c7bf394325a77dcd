package io.kindred.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A topic the outbox relay cannot publish to (here one whose name the broker refuses, as it would refuse a topic the
 * service may not create or write) is not only in the logs: readiness names the topic and the error while it fails,
 * and the failing-topics gauge counts it. Readiness stays UP: the API works and the events wait in the outbox.
 */
@QuarkusTest
@TestProfile(RelayTopicFailureTest.UnwritableTopic.class)
class RelayTopicFailureTest {

    static final String TOPIC = "workload-submissions!forbidden";

    public static class UnwritableTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.outbox.submissions-topic", TOPIC);
        }
    }

    @Test
    void readinessNamesTheTopicAndTheErrorWhileTheRelayCannotPublish() {
        TestApi.create(TestApi.uniqueKind("Waiting")); // an event for the relay to try

        Map<String, Object> outbox = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath health = JsonPath.from(given().get("/q/health/ready").then().extract().asString());
            return health.<String, Object>getMap("checks.find { it.name == 'Kafka and outbox' }.data");
        }, data -> data != null && data.containsKey("relayFailure." + TOPIC));

        assertThat((String) outbox.get("relayFailure." + TOPIC)).as("the error, with since when").contains("since")
                .containsIgnoringCase("topic");
        assertThat((String) outbox.get("relayWarning")).contains(TOPIC);
        JsonPath health = JsonPath.from(given().get("/q/health/ready").then().statusCode(200).extract().asString());
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(OutboxTest.metric("kindred_outbox_failing_topics")).isGreaterThanOrEqualTo(1);
    }
}
