package io.kindred.registry;

import static io.kindred.registry.TestApi.asAdmin;
import static io.kindred.registry.TestApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gets a 4xx with Run:ai's error body that says what is wrong, never a 500. */
@QuarkusTest
class HostileInputTest {

    private static final String TYPES = "/api/v1/workload-types";

    @TestHTTPResource("/")
    URL url;

    @Test
    void malformedJsonIs400() {
        for (String body : new String[] { "{", "{\"name\": }", "not json", "{\"name\":\"A\"} trailing", "{'name':'A'}" }) {
            asAdmin().body(body).post(TYPES).then().statusCode(400)
                    .body("code", is(400)).body("message", containsString("not valid JSON"));
        }
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"name\": 5}", "name",
                "{\"name\": [\"A\"]}", "name",
                "{\"group\": true}", "group",
                "{\"categoryId\": {\"id\": 1}}", "categoryId",
                "{\"resourceInterfaces\": \"v1\"}", "resourceInterfaces",
                "{\"resourceInterfaces\": {\"spec\": {}}}", "resourceInterfaces");
        cases.forEach((body, field) -> asAdmin().body(body).post(TYPES).then().statusCode(400)
                .body("code", is(400)).body("message", containsString("'" + field + "'")));
        asAdmin().body("[]").post(TYPES).then().statusCode(400).body("code", is(400));
        asAdmin().body("\"text\"").post(TYPES).then().statusCode(400).body("code", is(400));
        String id = TestApi.create(TestApi.uniqueKind("Typed"));
        asAdmin().body("{\"priorityId\": 42}").put(TYPES + "/" + id).then().statusCode(400)
                .body("message", containsString("'priorityId'"));
    }

    @Test
    void unknownFieldsAre400NamingTheField() {
        asAdmin().body(TestApi.createBody(TestApi.uniqueKind("Extra")).put("colour", "blue").toString()).post(TYPES)
                .then().statusCode(400).body("message", is("Unknown field 'colour'"));
        String id = TestApi.create(TestApi.uniqueKind("Extra"));
        asAdmin().body("{\"priority\":\"high\"}").put(TYPES + "/" + id).then().statusCode(400)
                .body("message", is("Unknown field 'priority'"));
    }

    @Test
    void unknownFieldsInsideAResourceInterfaceAre400WithTheirPath() {
        var body = TestApi.createBody(TestApi.uniqueKind("Inner"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("resourceInterfaces").get(0).path("spec")
                .path("structureDefinition").path("rootComponent")).put("colour", "blue");
        asAdmin().body(body.toString()).post(TYPES).then().statusCode(400)
                .body("message", containsString("resourceInterfaces[0].spec.structureDefinition.rootComponent.colour"));
    }

    @Test
    void duplicateKeysAre400() {
        asAdmin().body("{\"name\":\"A\",\"name\":\"B\"}").post(TYPES).then().statusCode(400).body("code", is(400));
    }

    @Test
    void emptyBodyIs400() {
        asAdmin().body("").post(TYPES).then().statusCode(400).body("message", containsString("body is required"));
        String id = TestApi.create(TestApi.uniqueKind("Empty"));
        asAdmin().body("").put(TYPES + "/" + id).then().statusCode(400).body("message", containsString("body is required"));
        TestApi.asAdmin().body("").post("/api/v1/token").then().statusCode(400);
    }

    @Test
    void oversizedBodyIs413WithTheErrorBody() {
        String huge = "{\"name\":\"" + "A".repeat(4 * 1024 * 1024) + "\"}";
        asAdmin().body(huge).post(TYPES).then().statusCode(413)
                .body("code", is(413)).body("message", containsString("too large"));
    }

    @Test
    void deeplyNestedBodyIs400() {
        String deep = "{\"resourceInterfaces\":[" + "[".repeat(5000) + "]".repeat(5000) + "]}";
        asAdmin().body(deep).post(TYPES).then().statusCode(400).body("code", is(400));
    }

    @Test
    void badUuidsAre400() {
        for (String id : new String[] { "123", "6f1c0000-0000-4000-8000-00000000000g", "1-1-1-1-1", "%20", "6f1c0000000040008000000000000000" }) {
            asViewer().get(TYPES + "/" + id).then().statusCode(400).body("message", containsString("not a valid UUID"));
        }
    }

    @Test
    void wrongContentTypeIs415() {
        asAdmin().contentType(ContentType.TEXT).body("name=A").post(TYPES).then().statusCode(415).body("code", is(415));
        asAdmin().contentType(ContentType.XML).body("<a/>").post(TYPES).then().statusCode(415);
    }

    @Test
    void unknownPathsAre404AndWrongMethodsAre405WithTheErrorBody() {
        asViewer().get("/api/v1/nothing-here").then().statusCode(404).body("code", is(404));
        asAdmin().body("{}").patch(TYPES + "/6f1c0000-0000-4000-8000-000000000000").then().statusCode(405).body("code", is(405));
        asAdmin().delete(TYPES).then().statusCode(405).body("code", is(405));
    }

    @Test
    void longAndOddQueryValues() {
        asViewer().queryParam("filterBy", "name==" + "x".repeat(3000)).get(TYPES).then().statusCode(200);
        asViewer().queryParam("filterBy", "\u0000==x").get(TYPES).then().statusCode(400)
                .body("message", startsWith("Invalid filterBy"));
        // a request line over the HTTP codec's limit (4 KiB) is refused by Vert.x before routing: 414, no body
        asViewer().queryParam("filterBy", "name==" + "x".repeat(5000)).get(TYPES).then().statusCode(414);
    }

    @Test
    void oversizedChunkedBodyIs413WithTheErrorBody() throws Exception {
        byte[] huge = ("{\"name\":\"" + "A".repeat(4 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "api/v1/workload-types"))
                .header("Authorization", "Bearer " + TestApi.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))) // no length: chunked
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":413");
    }

    @Test
    void aClientStillSendingAnOversizedBodyGetsThe413NotAReset() throws Exception {
        byte[] huge = ("{\"name\":\"" + "A".repeat(4 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/workload-types HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Bearer "
                    + TestApi.adminToken() + "\r\nContent-Type: application/json\r\nContent-Length: " + huge.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = in.readNBytes("HTTP/1.1 413".length()); // answered from the headers alone
            assertThat(new String(statusLine, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
            // the connection must stay open while the client sends the body it had started: closing it with unread
            // bytes would reset it, and this write would fail with "broken pipe" or "connection reset"
            out.write(huge);
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8); // the server closes after the body
            assertThat(rest).contains("\"code\":413");
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] body = TestApi.createBody(TestApi.uniqueKind("Chunked")).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "api/v1/workload-types"))
                .header("Authorization", "Bearer " + TestApi.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
