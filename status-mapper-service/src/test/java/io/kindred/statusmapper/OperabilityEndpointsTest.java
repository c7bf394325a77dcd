package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.statusmapper.support.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class OperabilityEndpointsTest {

    @Inject
    StatusMapperEngine engine;

    @BeforeEach
    void pipelineRuns() {
        Await.running(engine);
    }

    @Test
    void healthIsUpWithKafkaKubernetesAndThePipelineChecked() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("status-mapping pipeline", "Kubernetes API", "kind watches",
                        "Kafka"));
        given().when().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_"))
                .body(containsString("kindred_statusmapper_tracked_workloads"))
                .body(containsString("kindred_statusmapper_types_consumer_lag"))
                .body(containsString("kindred_statusmapper_publish_latency_seconds"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."))
                .body(containsString("/rbac/cluster-roles"));
    }

    @Test
    void rbacForTheRegisteredKindsIsRenderedAsAggregatedClusterRoles() {
        given().when().get("/rbac/cluster-roles").then().statusCode(200)
                .body(containsString("kind: \"List\""));
    }
}
