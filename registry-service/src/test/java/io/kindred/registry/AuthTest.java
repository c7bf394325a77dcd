package io.kindred.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {

    private static final String SOME_ID = "6f1c0000-0000-4000-8000-000000000000";

    /** Every protected endpoint, as (method, path). */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] { "GET", "/api/v1/workload-types" },
            new String[] { "POST", "/api/v1/workload-types" },
            new String[] { "GET", "/api/v1/workload-types/" + SOME_ID },
            new String[] { "PUT", "/api/v1/workload-types/" + SOME_ID },
            new String[] { "DELETE", "/api/v1/workload-types/" + SOME_ID },
            new String[] { "POST", "/api/v1/workload-types/republish" },
            new String[] { "POST", "/api/v1/workload-types/preview" },
            new String[] { "GET", "/api/v1/workload-categories" },
            new String[] { "GET", "/api/v1/workload-categories/" + SOME_ID },
            new String[] { "GET", "/api/v1/workload-priorities" });

    @Test
    void everyApiEndpointNeedsABearerToken() {
        for (String[] endpoint : ENDPOINTS) {
            call(given().contentType(ContentType.JSON).body("{}"), endpoint).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("code", is(401))
                    .body("message", notNullValue());
        }
    }

    @Test
    void aBadTokenIs401() {
        PrivateKey stranger = newKey();
        Map<String, String> tokens = Map.of(
                "garbage", "not-a-jwt",
                "three garbage parts", "a.b.c",
                "foreign key", Jwt.issuer("kindred-registry").subject("mallory").groups("admin").sign(stranger),
                "foreign issuer", Jwt.issuer("https://elsewhere.example").subject("mallory").groups("admin").sign(stranger),
                "unsigned", unsigned(),
                "expired", expired());
        tokens.forEach((what, token) -> {
            for (String[] endpoint : ENDPOINTS) {
                call(given().auth().oauth2(token).contentType(ContentType.JSON).body("{}"), endpoint)
                        .then().statusCode(401).body("code", is(401));
            }
        });
    }

    @Test
    void aViewerReadsButCannotWrite() {
        RequestSpecification viewer = TestApi.asViewer();
        viewer.get("/api/v1/workload-types").then().statusCode(200);
        viewer.get("/api/v1/workload-categories").then().statusCode(200);
        viewer.get("/api/v1/workload-priorities").then().statusCode(200);
        for (String[] endpoint : ENDPOINTS) {
            if (endpoint[0].equals("GET") || endpoint[1].endsWith("/preview")) {
                continue;
            }
            call(TestApi.asViewer().body(TestApi.createBody(TestApi.uniqueKind("Forbidden")).toString()), endpoint).then()
                    .statusCode(403)
                    .body("code", is(403))
                    .body("message", is("You do not have sufficient permissions."));
        }
    }

    @Test
    void aValidTokenWithoutAKnownRoleIs403AndOnlyTheRoleClaimCounts() {
        String noRoles = Jwt.issuer("kindred-registry").subject("nobody").groups("guest").sign(serviceKey());
        given().auth().oauth2(noRoles).get("/api/v1/workload-types").then().statusCode(403).body("code", is(403));
        String adminSignedByTheService = Jwt.issuer("kindred-registry").subject("eve").groups("admin").sign(serviceKey());
        given().auth().oauth2(adminSignedByTheService).post("/api/v1/workload-types/republish").then().statusCode(202);
    }

    @Test
    void tokenForClientCredentialsInEverySpellingRunaiClientsUse() {
        for (String body : List.of(
                "{\"grantType\":\"client_credentials\",\"clientId\":\"test-admin\",\"clientSecret\":\"test-admin-secret\"}",
                "{\"grantType\":\"client_credentials\",\"clientID\":\"test-admin\",\"clientSecret\":\"test-admin-secret\"}",
                "{\"grantType\":\"app_token\",\"AppId\":\"test-admin\",\"AppSecret\":\"test-admin-secret\"}",
                "{\"grantType\":\"app_token\",\"appID\":\"test-admin\",\"appSecret\":\"test-admin-secret\"}")) {
            String token = given().contentType(ContentType.JSON).body(body).post("/api/v1/token").then()
                    .statusCode(200)
                    .body("accessToken", notNullValue())
                    .body("expiresIn", greaterThan(0))
                    .extract().path("accessToken");
            given().auth().oauth2(token).post("/api/v1/workload-types/republish").then().statusCode(202);
        }
    }

    @Test
    void theTokenNamesTheClientAndItsRoles() {
        String[] parts = TestApi.viewerToken().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"sub\":\"test-viewer\"", "\"iss\":\"kindred-registry\"", "\"groups\":[\"viewer\"]");
    }

    @Test
    void wrongCredentialsAre401() {
        tokenRequest("{\"grantType\":\"client_credentials\",\"clientId\":\"test-admin\",\"clientSecret\":\"wrong\"}")
                .then().statusCode(401).body("code", is(401));
        tokenRequest("{\"grantType\":\"client_credentials\",\"clientId\":\"nobody\",\"clientSecret\":\"test-admin-secret\"}")
                .then().statusCode(401);
        tokenRequest("{\"grantType\":\"app_token\",\"AppId\":\"test-viewer\",\"AppSecret\":\"test-admin-secret\"}")
                .then().statusCode(401);
    }

    @Test
    void malformedTokenRequestsAre400() {
        Map<String, String> cases = Map.of(
                "{\"grantType\":\"password\",\"username\":\"u\",\"password\":\"p\"}", "not supported",
                "{\"grantType\":\"magic\",\"clientId\":\"a\",\"clientSecret\":\"b\"}", "Invalid grantType",
                "{\"clientId\":\"a\",\"clientSecret\":\"b\"}", "grantType is required",
                "{\"grantType\":\"client_credentials\",\"clientId\":\"a\"}", "clientSecret is required",
                "{\"grantType\":\"app_token\",\"AppSecret\":\"b\"}", "AppId is required",
                "{\"grantType\":\"client_credentials\",\"clientId\":\"a\",\"clientSecret\":\"b\",\"scope\":\"x\"}", "Unknown field 'scope'",
                "{\"grantType\":\"client_credentials\",\"clientId\":7,\"clientSecret\":\"b\"}", "wrong type",
                "{\"grantType\":\"client_credentials\",\"clientId\":\"a\",\"clientID\":\"b\",\"clientSecret\":\"b\"}", "given twice",
                "[]", "JSON object",
                "{\"grantType\":", "not valid JSON");
        cases.forEach((body, message) -> tokenRequest(body).then().statusCode(400)
                .body("code", is(400)).body("message", containsString(message)));
    }

    @Test
    void healthMetricsAndOpenApiAreOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200);
    }

    private static io.restassured.response.Response tokenRequest(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/token");
    }

    private static io.restassured.response.Response call(RequestSpecification request, String[] endpoint) {
        Function<String, io.restassured.response.Response> method = switch (endpoint[0]) {
            case "GET" -> request::get;
            case "POST" -> request::post;
            case "PUT" -> request::put;
            case "DELETE" -> request::delete;
            default -> throw new IllegalArgumentException(endpoint[0]);
        };
        return method.apply(endpoint[1]);
    }

    private static PrivateKey newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(("{\"iss\":\"kindred-registry\",\"sub\":\"mallory\",\"groups\":[\"admin\"],\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** Signed with the service's own (test) key and issuer, but expired an hour ago. */
    private static String expired() {
        Instant past = Instant.now().minusSeconds(3600);
        return Jwt.issuer("kindred-registry").subject("old").groups("admin").issuedAt(past.minusSeconds(60)).expiresAt(past)
                .sign(serviceKey());
    }

    static PrivateKey serviceKey() {
        try {
            String pem = Files.readString(Path.of("src/test/resources/auth/test-signing-key.pem"));
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
