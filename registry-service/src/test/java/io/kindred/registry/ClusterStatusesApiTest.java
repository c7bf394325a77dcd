package io.kindred.registry;

import static io.kindred.registry.ClusterReportsOnKafka.notInstalled;
import static io.kindred.registry.ClusterReportsOnKafka.report;
import static io.kindred.registry.ClusterReportsOnKafka.send;
import static io.kindred.registry.ClusterReportsOnKafka.watching;
import static io.kindred.registry.TestApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.kafka.KafkaClients;
import io.kindred.registry.clusterstatus.ClusterIds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * clusterStatuses on get and list, from the status mappers' reports on cluster-type-status: Ready when every
 * version is watched, NotReady with a condition naming the missing kind and its error, Unknown with a Stale
 * condition when a cluster stopped reporting, gone after the cluster's tombstone.
 */
@QuarkusTest
class ClusterStatusesApiTest {

    static final String TYPES = "/api/v1/workload-types";
    static final String READY_CLUSTER = "6f2b8a4e-3c1d-4e5f-9a7b-0c1d2e3f4a5b";

    @Inject
    KafkaClients kafka;

    @Test
    void eachReportingClusterIsShownReadyNotReadyOrStale() throws IOException {
        String kind = TestApi.uniqueKind("Reported");
        String id = TestApi.create(kind, "v1", "v2");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        send(kafka, READY_CLUSTER, kind, report(READY_CLUSTER, kind, now, watching("v1", true), watching("v2", false)));
        send(kafka, "eu-west", kind, report("eu-west", kind, now, notInstalled("v1", "kind " + kind + " is not served in "
                + TestApi.TEST_GROUP + "/v1 (CRD not installed?)"), watching("v2", true)));
        send(kafka, "gone-quiet", kind, report("gone-quiet", kind, now.minus(Duration.ofHours(1)),
                watching("v1", true), watching("v2", false)));

        JsonNode statuses = await().atMost(Duration.ofSeconds(30))
                .until(() -> get(id).get("clusterStatuses"), s -> s.size() == 3);

        JsonNode ready = byCluster(statuses, READY_CLUSTER);
        assertThat(ready.get("phase").asText()).isEqualTo("Ready");
        assertThat(ready.get("conditions")).isEmpty();
        assertThat(ready.get("version").asText()).as("the lead version").isEqualTo("v1");
        assertThat(Instant.parse(ready.get("updatedAt").asText())).isEqualTo(now);

        JsonNode notReady = byCluster(statuses, ClusterIds.toApi("eu-west"));
        assertThat(notReady.get("phase").asText()).isEqualTo("NotReady");
        assertThat(notReady.get("version").asText()).isEqualTo("v2");
        assertThat(notReady.get("conditions")).hasSize(1);
        JsonNode missing = notReady.get("conditions").get(0);
        assertThat(missing.get("type").asText()).isEqualTo("KindNotInstalled");
        assertThat(missing.get("status").asText()).isEqualTo("True");
        assertThat(missing.get("reason").asText()).isEqualTo("CrdNotInstalled");
        assertThat(missing.get("message").asText()).isEqualTo("v1: kind " + kind + " is not served in "
                + TestApi.TEST_GROUP + "/v1 (CRD not installed?)");
        assertThat(Instant.parse(missing.get("lastTransitionTime").asText())).isEqualTo(ClusterReportsOnKafka.SINCE);

        JsonNode stale = byCluster(statuses, ClusterIds.toApi("gone-quiet"));
        assertThat(stale.get("phase").asText()).isEqualTo("Unknown");
        assertThat(stale.get("conditions").get(0).get("type").asText()).isEqualTo("Stale");
        assertThat(stale.get("conditions").get(0).get("reason").asText()).isEqualTo("ClusterNotReporting");
        assertThat(stale.get("conditions").get(0).get("message").asText())
                .contains("gone-quiet").contains("last reported phase: Ready");

        JsonNode listed = TestApi.JSON.readTree(asViewer().queryParam("filterBy", "name==" + kind).get(TYPES).asString());
        assertThat(listed.get("types").get(0).get("clusterStatuses")).isEqualTo(statuses);

        send(kafka, "gone-quiet", kind, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(id).get("clusterStatuses").size() == 2);
        assertThat(get(id).get("clusterStatuses").findValuesAsText("clusterId"))
                .doesNotContain(ClusterIds.toApi("gone-quiet"));
    }

    @Test
    void aVersionAddedAfterTheClusterLastReportedIsNotReadyUntilItIsReported() throws IOException {
        String kind = TestApi.uniqueKind("Grown");
        String id = TestApi.create(kind, "v1", "v2");
        send(kafka, READY_CLUSTER, kind, report(READY_CLUSTER, kind, Instant.now(), watching("v1", true)));

        JsonNode status = await().atMost(Duration.ofSeconds(30))
                .until(() -> get(id).get("clusterStatuses"), s -> s.size() == 1).get(0);

        assertThat(status.get("phase").asText()).isEqualTo("NotReady");
        assertThat(status.get("conditions").get(0).get("type").asText()).isEqualTo("VersionNotReported");
        assertThat(status.get("conditions").get(0).get("message").asText()).startsWith("v2: ");
    }

    @Test
    void aTypeNoClusterReportsOnHasNoClusterStatuses() throws IOException {
        String id = TestApi.create(TestApi.uniqueKind("Unreported"));
        assertThat(get(id).get("clusterStatuses")).isEmpty();
    }

    private static JsonNode get(String id) throws IOException {
        return TestApi.JSON.readTree(asViewer().get(TYPES + "/" + id).then().statusCode(200).extract().asString());
    }

    private static JsonNode byCluster(JsonNode statuses, String clusterId) {
        for (JsonNode status : statuses) {
            if (status.get("clusterId").asText().equals(clusterId)) {
                return status;
            }
        }
        throw new AssertionError("no clusterStatuses entry for " + clusterId + " in " + statuses);
    }
}
