package io.kindred.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stand-in's answers over plain HTTP: the registry operations tooling uses, and for bad input a 4xx with an
 * Apicurio-style JSON problem body that names what is wrong (never a hang, never a 5xx).
 */
class SchemaRegistryStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SchemaRegistryStandIn registry;

    @BeforeAll
    static void start() {
        registry = SchemaRegistryStandIn.start(0);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void registersListsAndServesVersions() throws Exception {
        JsonNode created = json(send("POST", "/groups/things/artifacts", createArtifact("thing", "1", SCHEMA)), 200);
        assertThat(created.at("/artifact/artifactId").asText()).isEqualTo("thing");
        assertThat(created.at("/version/version").asText()).isEqualTo("1");
        long globalId = created.at("/version/globalId").asLong();
        long contentId = created.at("/version/contentId").asLong();

        String second = "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"b\",\"type\":\"long\"}]}";
        JsonNode version2 = json(send("POST", "/groups/things/artifacts/thing/versions",
                "{\"content\":{\"content\":" + JSON.writeValueAsString(second)
                        + ",\"contentType\":\"application/json\"}}"), 200);
        assertThat(version2.get("version").asText()).isEqualTo("2");

        assertThat(json(send("GET", "/groups/things/artifacts/thing/versions", null), 200).get("count").asInt())
                .isEqualTo(2);
        assertThat(json(send("GET", "/groups/things/artifacts/thing/versions/branch%3Dlatest", null), 200)
                .get("version").asText()).isEqualTo("2");
        HttpResponse<String> content = send("GET", "/groups/things/artifacts/thing/versions/1/content", null);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(SCHEMA);
        assertThat(send("GET", "/ids/globalIds/" + globalId, null).body()).isEqualTo(SCHEMA);
        assertThat(send("GET", "/ids/contentIds/" + contentId, null).body()).isEqualTo(SCHEMA);
        assertThat(json(send("GET", "/ids/contentIds/" + contentId + "/references", null), 200).size()).isZero();
        assertThat(json(send("GET", "/system/info", null), 200).get("name").asText()).contains("stand-in");
    }

    @Test
    void sameContentSharesAContentIdButNotAGlobalId() throws Exception {
        JsonNode a = json(send("POST", "/groups/shared/artifacts", createArtifact("a", null, SCHEMA)), 200);
        JsonNode b = json(send("POST", "/groups/shared/artifacts", createArtifact("b", null, SCHEMA)), 200);
        assertThat(b.at("/version/contentId").asLong()).isEqualTo(a.at("/version/contentId").asLong());
        assertThat(b.at("/version/globalId").asLong()).isNotEqualTo(a.at("/version/globalId").asLong());
    }

    @Test
    void canonicalSearchIgnoresWhitespaceAndKeyOrder() throws Exception {
        json(send("POST", "/groups/canonical/artifacts", createArtifact("c", null, SCHEMA)), 200);
        String reformatted = "{ \"name\": \"Thing\", \"type\": \"record\",\n  \"fields\": [ {\"type\": \"int\", \"name\": \"a\"} ] }";

        JsonNode exact = json(send("POST", "/search/versions?groupId=canonical&artifactId=c", reformatted), 200);
        JsonNode canonical = json(send("POST", "/search/versions?groupId=canonical&artifactId=c&canonical=true",
                reformatted), 200);

        assertThat(exact.get("count").asInt()).isZero();
        assertThat(canonical.get("count").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /groups/nope/artifacts/missing                          | 404 | ArtifactNotFoundException | missing
            GET    | /groups/default/artifacts/missing/versions/branch%3Dlatest | 404 | ArtifactNotFoundException | missing
            GET    | /ids/globalIds/987654                                   | 404 | VersionNotFoundException  | 987654
            GET    | /ids/contentIds/987654                                  | 404 | ContentNotFoundException  | 987654
            GET    | /ids/globalIds/not-a-number                             | 400 | BadRequestException       | globalId
            GET    | /ids/contentHashes/abc                                  | 404 | ContentNotFoundException  | abc
            GET    | /admin/rules                                            | 404 | NotFoundException         | /admin/rules
            GET    | /groups/default/artifacts/x/branches                    | 404 | NotFoundException         | branches
            PUT    | /groups/default/artifacts/x                             | 405 | MethodNotAllowedException | PUT
            GET    | /search/versions?limit=-1                               | 400 | BadRequestException       | limit
            GET    | /search/versions?orderby=size                           | 400 | BadRequestException       | orderby
            GET    | /search/versions?order=sideways                         | 400 | BadRequestException       | order
            GET    | /search/versions?labels=a:b                             | 400 | BadRequestException       | labels
            POST   | /search/versions                                        | 400 | BadRequestException       | body
            """)
    void unknownOrMalformedRequestsGetAJsonProblem(String method, String path, int status, String name,
            String mentioned) throws Exception {
        JsonNode problem = json(send(method, path, null), status);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("name").asText()).isEqualTo(name);
        assertThat(problem.get("title").asText()).contains(mentioned);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            empty body                | ``                                                                   | empty
            not JSON                  | {nope                                                                | not valid JSON
            not an object             | [1,2]                                                                | JSON object
            artifactId not a string   | {"artifactId": 5}                                                    | artifactId must be a string
            unknown artifactType      | {"artifactId":"x","artifactType":"COBOL"}                            | artifactType 'COBOL'
            firstVersion not object   | {"artifactId":"x","artifactType":"AVRO","firstVersion":"v1"}         | firstVersion must be an object
            missing content           | {"artifactId":"x","artifactType":"AVRO","firstVersion":{}}           | firstVersion.content is required
            missing content text      | {"artifactId":"x","artifactType":"AVRO","firstVersion":{"content":{}}} | firstVersion.content.content is required
            AVRO that is not JSON     | {"artifactId":"x","artifactType":"AVRO","firstVersion":{"content":{"content":"{oops"}}} | firstVersion.content.content is not valid JSON
            references not array      | {"artifactId":"x","artifactType":"AVRO","firstVersion":{"content":{"content":"{}","references":{}}}} | references must be an array
            draft                     | {"artifactId":"x","artifactType":"AVRO","firstVersion":{"isDraft":true,"content":{"content":"{}"}}} | isDraft
            label not a string        | {"artifactId":"x","artifactType":"AVRO","labels":{"a":1}}            | labels.a must be a string
            """)
    void malformedCreateArtifactGetsA400NamingTheField(String description, String body, String mentioned)
            throws Exception {
        JsonNode problem = json(send("POST", "/groups/bad/artifacts", body), 400);
        assertThat(problem.get("title").asText()).as(description).contains(mentioned);
    }

    @Test
    void badQueryParametersAndConflictsAreRefused() throws Exception {
        assertThat(json(send("POST", "/groups/bad/artifacts?ifExists=SOMETIMES", createArtifact("q", null, SCHEMA)),
                400).get("title").asText()).contains("ifExists");
        assertThat(json(send("POST", "/groups/bad/artifacts?canonical=maybe", createArtifact("q", null, SCHEMA)),
                400).get("title").asText()).contains("canonical");

        json(send("POST", "/groups/conflict/artifacts", createArtifact("dup", "1", SCHEMA)), 200);
        assertThat(json(send("POST", "/groups/conflict/artifacts", createArtifact("dup", "1", SCHEMA)), 409)
                .get("name").asText()).isEqualTo("ArtifactAlreadyExistsException");
        assertThat(json(send("POST", "/groups/conflict/artifacts?ifExists=CREATE_VERSION",
                createArtifact("dup", "1", SCHEMA)), 409).get("name").asText())
                .isEqualTo("VersionAlreadyExistsException");
        assertThat(json(send("POST", "/groups/conflict/artifacts?ifExists=FIND_OR_CREATE_VERSION",
                createArtifact("dup", null, SCHEMA)), 200).at("/version/version").asText()).isEqualTo("1");
    }

    @Test
    void pathsOutsideTheV3ApiAreNotFound() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(registry.apiUrl().replace("/apis/registry/v3", "/apis/registry/v2/groups"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).get("title").asText()).contains("/apis/registry/v3");
    }

    private static String createArtifact(String artifactId, String version, String schema) throws IOException {
        return "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\",\"firstVersion\":{"
                + (version == null ? "" : "\"version\":\"" + version + "\",")
                + "\"content\":{\"content\":" + JSON.writeValueAsString(schema)
                + ",\"contentType\":\"application/json\"}}}";
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }
}
