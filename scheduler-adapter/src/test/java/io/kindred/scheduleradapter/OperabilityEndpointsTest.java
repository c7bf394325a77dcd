package io.kindred.scheduleradapter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.kindred.devstack.quarkus.DevstackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class OperabilityEndpointsTest {

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
    }
}
