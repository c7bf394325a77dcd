package io.kindred.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.kindred.registry.preview.PreviewGate;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Abuse limits, with small values: the token endpoint's per-client and per-source limits (429 + Retry-After before
 * any bcrypt work), and the preview's concurrency cap and per-request jq allowance.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    private static final String PREVIEW = "/api/v1/workload-types/preview";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kindred.auth.token.rate-limit.per-client", "3",
                    "kindred.auth.token.rate-limit.per-source", "5",
                    "kindred.auth.token.rate-limit.period", "PT1H",
                    "kindred.preview.max-concurrent", "1",
                    "kindred.preview.budget.steps", "20");
        }
    }

    @Inject
    PreviewGate gate;

    @Test
    void theTokenEndpointLimitsEachClientAndEachSource() {
        for (int i = 0; i < 3; i++) {
            tokenRequest(TestApi.VIEWER_ID, "wrong-secret").then().statusCode(401);
        }
        Response perClient = tokenRequest(TestApi.VIEWER_ID, TestApi.VIEWER_SECRET);
        perClient.then().statusCode(429).contentType(ContentType.JSON).body("code", is(429))
                .body("details", containsString("client"));
        assertThat(Long.parseLong(perClient.header("Retry-After"))).isPositive();

        // the same source, another client: its own limit is untouched, the source's allows one more (5 per hour)
        tokenRequest(TestApi.ADMIN_ID, TestApi.ADMIN_SECRET).then().statusCode(200);
        Response perSource = tokenRequest(TestApi.ADMIN_ID, TestApi.ADMIN_SECRET);
        perSource.then().statusCode(429).body("code", is(429)).body("details", containsString("source address"));
        assertThat(Long.parseLong(perSource.header("Retry-After"))).isPositive();
    }

    @Test
    void previewsBeyondTheConcurrencyCapGet429() throws Exception {
        gate.enter(); // a preview in progress
        try {
            Response busy = viewer().body(previewBody().toString()).post(PREVIEW);
            busy.then().statusCode(429).body("code", is(429)).body("details", containsString("kindred.preview.max-concurrent"));
            assertThat(busy.header("Retry-After")).isEqualTo("1");
        } finally {
            gate.leave();
        }
        // admitted again (and then refused by this profile's tiny jq allowance, see below)
        viewer().body(previewBody().toString()).post(PREVIEW).then().statusCode(400);
    }

    @Test
    void aPreviewThatSpendsTheRequestsJqAllowanceIsRefusedAsAWhole() throws Exception {
        viewer().body(previewBody().toString()).post(PREVIEW).then().statusCode(400)
                .body("message", containsString("more jq evaluation than one request may use"))
                .body("details", containsString("kindred.preview.budget.steps=20"));
    }

    private static ObjectNode previewBody() throws Exception {
        ObjectNode body = TestApi.JSON.createObjectNode();
        body.set("resourceInterface", TestApi.pytorchJob());
        body.set("object", PreviewTest.pytorchJob("kubeflow.org/v1"));
        return body;
    }

    /** Signed here rather than obtained from the token endpoint, whose limits this profile makes tiny. */
    private static io.restassured.specification.RequestSpecification viewer() {
        String token = Jwt.issuer("kindred-registry").subject("limits-test").groups("viewer").sign(AuthTest.serviceKey());
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Response tokenRequest(String clientId, String secret) {
        return given().contentType(ContentType.JSON)
                .body("{\"grantType\":\"client_credentials\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}")
                .post("/api/v1/token");
    }
}
