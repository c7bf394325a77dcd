package io.kindred.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** registry-service's REST API as an administrator uses it: a token, categories and priorities, workload types. */
public final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 as Run:ai's clients (Python requests) and curl use: over cleartext HTTP/2 (h2c, Java's default) the
    // registry's Quarkus/Vert.x answers a POST without a body (suspend, resume, outbox retry) with a 500 "Request has
    // already been read" (registry-service README, Known limits)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String token;

    private RegistryClient(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** Logs in with the client-credentials grant. */
    public static RegistryClient login(String url, String clientId, String clientSecret) {
        RegistryClient anonymous = new RegistryClient(url, null);
        ObjectNode request = JSON.createObjectNode().put("grantType", "client_credentials").put("clientId", clientId)
                .put("clientSecret", clientSecret);
        JsonNode answer = anonymous.send("POST", "/api/v1/token", request, 200);
        return new RegistryClient(url, answer.path("accessToken").asText());
    }

    /** The id of the category (e.g. {@code Train}) or priority (e.g. {@code low}) of that name. */
    public String categoryId(String name) {
        return idByName(send("GET", "/api/v1/workload-categories", null, 200).path("categories"), name, "category");
    }

    public String priorityId(String name) {
        return idByName(send("GET", "/api/v1/workload-priorities", null, 200).path("priorities"), name, "priority");
    }

    /** The type of that name, or a missing node. */
    public JsonNode type(String name) {
        for (JsonNode type : send("GET", "/api/v1/workload-types", null, 200).path("types")) {
            if (type.path("name").asText().equals(name)) {
                return type;
            }
        }
        return JSON.missingNode();
    }

    /** POST /api/v1/workload-types; the created type. */
    public JsonNode register(ObjectNode createFields) {
        return send("POST", "/api/v1/workload-types", createFields, 201);
    }

    public void delete(String typeId) {
        send("DELETE", "/api/v1/workload-types/" + typeId, null, 204);
    }

    private static String idByName(JsonNode list, String name, String what) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equalsIgnoreCase(name)) {
                return item.path("id").asText();
            }
        }
        throw new IllegalStateException("registry-service has no " + what + " named " + name + ": " + list);
    }

    JsonNode send(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + url + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
