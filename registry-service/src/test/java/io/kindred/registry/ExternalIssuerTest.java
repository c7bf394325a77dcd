package io.kindred.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens of an external OIDC provider, configured with the standard MicroProfile JWT properties, are accepted next
 * to the built-in issuer's, for the configured audience only; roles are read where the provider puts them (here
 * Keycloak's realm_access/roles) and grant Kindred roles only through kindred.auth.external.role-mapping.
 */
@QuarkusTest
@TestProfile(ExternalIssuerTest.ExternalIdp.class)
class ExternalIssuerTest {

    static final String ISSUER = "https://idp.example.test/realms/kindred";

    public static class ExternalIdp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.publickey.location", "auth/external-idp-public.pem",
                    "mp.jwt.verify.audiences", "kindred-registry",
                    "smallrye.jwt.path.groups", "realm_access/roles",
                    "kindred.auth.external.role-mapping", "kindred-admins=admin,kindred-viewers=viewer");
        }
    }

    private static String externalToken(String subject, List<String> roles, String audience) {
        return Jwt.issuer(ISSUER).subject(subject).audience(audience)
                .claim("realm_access", Map.of("roles", roles))
                .sign(externalKey());
    }

    @Test
    void anExternalAdminCanWriteAndIsRecordedAsTheCreator() {
        String token = externalToken("alice@example.test", List.of("kindred-admins", "offline_access"), "kindred-registry");
        String kind = TestApi.uniqueKind("External");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(TestApi.createBody(kind).toString())
                .post("/api/v1/workload-types").then().statusCode(201).body("createdBy", is("alice@example.test"));
    }

    @Test
    void anExternalViewerReadsButCannotWrite() {
        String token = externalToken("bob@example.test", List.of("kindred-viewers"), "kindred-registry");
        given().auth().oauth2(token).get("/api/v1/workload-categories").then().statusCode(200);
        given().auth().oauth2(token).post("/api/v1/workload-types/republish").then().statusCode(403);
    }

    @Test
    void providerRolesGrantNothingByTheirNameOnlyThroughTheMapping() {
        // a directory group that happens to be called "admin" is not Kindred's admin role
        String token = externalToken("mallory@example.test", List.of("admin", "viewer"), "kindred-registry");
        given().auth().oauth2(token).post("/api/v1/workload-types/republish").then().statusCode(403);
        given().auth().oauth2(token).get("/api/v1/workload-categories").then().statusCode(403);
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        String token = Jwt.issuer(ISSUER).subject("eve").claim("realm_access", Map.of("roles", List.of("kindred-admins")))
                .sign(externalKey());
        given().auth().oauth2(token).get("/api/v1/workload-categories").then().statusCode(401);
    }

    @Test
    void theWrongAudienceOrAnUnknownIssuerIsRefused() {
        given().auth().oauth2(externalToken("eve", List.of("kindred-admins"), "someone-else")).get("/api/v1/workload-categories")
                .then().statusCode(401);
        String stranger = Jwt.issuer("https://other.example.test").subject("eve").audience("kindred-registry")
                .claim("realm_access", Map.of("roles", List.of("admin"))).sign(externalKey());
        given().auth().oauth2(stranger).get("/api/v1/workload-categories").then().statusCode(401);
    }

    @Test
    void theBuiltInIssuerStillWorks() {
        given().auth().oauth2(TestApi.token(TestApi.ADMIN_ID, TestApi.ADMIN_SECRET))
                .post("/api/v1/workload-types/republish").then().statusCode(202);
        String forgedWithExternalKey = Jwt.issuer("kindred-registry").subject("mallory").groups("admin").sign(externalKey());
        given().auth().oauth2(forgedWithExternalKey).get("/api/v1/workload-categories").then().statusCode(401);
    }

    static PrivateKey externalKey() {
        try {
            String pem = Files.readString(Path.of("src/test/resources/auth/external-idp-private.pem"));
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
