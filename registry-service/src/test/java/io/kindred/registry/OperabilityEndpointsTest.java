package io.kindred.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperabilityEndpointsTest {

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void readinessCoversTheDatabaseTheSeedingAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Workload properties seeded", "Kafka and outbox",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'Kafka and outbox' }.data.kafkaReachable", is(true))
                .body("checks.find { it.name == 'Workload properties seeded' }.data.priorities", is(7));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        TestApi.asViewer().get("/api/v1/workload-types").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_"))
                .body(containsString("kindred_outbox_unpublished_events"))
                .body(containsString("kindred_outbox_oldest_unpublished_age_seconds"))
                .body(containsString("kindred_outbox_publish_lag_seconds"))
                .body(containsString("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v1/workload-types\"}"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("openapi", containsString("3."))
                .body("paths.keySet()", hasItems("/api/v1/workload-types", "/api/v1/workload-types/{workloadTypeId}",
                        "/api/v1/workload-types/republish", "/api/v1/workload-types/preview",
                        "/api/v1/workload-categories", "/api/v1/workload-categories/{categoryId}",
                        "/api/v1/workload-priorities", "/api/v1/token",
                        "/api/v2/workloads", "/api/v2/workloads/{WorkloadV2Id}", "/api/v1/workloads",
                        "/api/v1/workloads/{workloadId}", "/api/v1/org-unit/projects",
                        "/api/v1/org-unit/projects/{projectId}", "/api/v1/outbox/parked",
                        "/api/v1/outbox/parked/{eventId}/retry", "/api/v1/outbox/parked/{eventId}"))
                .body("components.securitySchemes.bearerAuth.scheme", is("bearer"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
