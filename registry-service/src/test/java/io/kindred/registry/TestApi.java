package io.kindred.registry;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.registry.catalog.StableIds;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers of the API tests: tokens, request specs and Resource Interfaces to register. */
public final class TestApi {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String ADMIN_ID = "test-admin";
    public static final String ADMIN_SECRET = "test-admin-secret";
    public static final String VIEWER_ID = "test-viewer";
    public static final String VIEWER_SECRET = "test-viewer-secret";
    public static final String TEST_GROUP = "example.kindred.io";

    public static final String TRAIN = StableIds.category("Train").toString();
    public static final String BUILD = StableIds.category("Build").toString();
    public static final String LOW = StableIds.priority("low").toString();
    public static final String HIGH = StableIds.priority("high").toString();
    public static final String MEDIUM = StableIds.priority("medium").toString();

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile String adminToken;
    private static volatile String viewerToken;

    private TestApi() {
    }

    public static String adminToken() {
        if (adminToken == null) {
            adminToken = token(ADMIN_ID, ADMIN_SECRET);
        }
        return adminToken;
    }

    public static String viewerToken() {
        if (viewerToken == null) {
            viewerToken = token(VIEWER_ID, VIEWER_SECRET);
        }
        return viewerToken;
    }

    public static String token(String clientId, String secret) {
        return given().contentType(ContentType.JSON)
                .body("{\"grantType\":\"client_credentials\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}")
                .post("/api/v1/token")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(adminToken()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification asViewer() {
        return given().auth().oauth2(viewerToken()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A Kind name no other test uses, e.g. {@code TestKind7Widget}. */
    public static String uniqueKind(String stem) {
        return "Tk" + NAMES.incrementAndGet() + stem;
    }

    /** Kubeflow's PyTorchJob RI ({"spec": …}) with its root kind renamed, in the given group and version. */
    public static ObjectNode ri(String kind, String group, String version) {
        ObjectNode entry = pytorchJob();
        ObjectNode root = (ObjectNode) entry.path("spec").path("structureDefinition").path("rootComponent");
        ObjectNode gvk = (ObjectNode) root.path("kind");
        gvk.put("kind", kind);
        gvk.put("group", group);
        gvk.put("version", version);
        root.put("name", kind.toLowerCase(Locale.ROOT));
        for (JsonNode child : entry.path("spec").path("structureDefinition").path("childComponents")) {
            ((ObjectNode) child).put("ownerRef", kind.toLowerCase(Locale.ROOT));
        }
        return entry;
    }

    public static ObjectNode pytorchJob() {
        try (InputStream in = TestApi.class.getResourceAsStream("/ri/pytorchjob-v1.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A create body for {@code kind} in {@link #TEST_GROUP} with one RI per version. */
    public static ObjectNode createBody(String kind, String... versions) {
        return createBodyInGroup(kind, TEST_GROUP, versions);
    }

    /** A create body for {@code kind} in {@code group} with one RI per version. */
    public static ObjectNode createBodyInGroup(String kind, String group, String... versions) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", kind);
        body.put("group", group);
        body.put("categoryId", TRAIN);
        body.put("priorityId", LOW);
        ArrayNode interfaces = body.putArray("resourceInterfaces");
        for (String version : versions.length == 0 ? new String[] { "v1" } : versions) {
            interfaces.add(ri(kind, group, version));
        }
        return body;
    }

    /** Registers a type and returns its id. */
    public static String create(String kind, String... versions) {
        return asAdmin().body(createBody(kind, versions).toString())
                .post("/api/v1/workload-types")
                .then().statusCode(201)
                .extract().path("id");
    }
}
