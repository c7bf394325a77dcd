package io.kindred.devstack.registry;

import static io.kindred.devstack.registry.RegistryJson.MAPPER;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.devstack.registry.RegistryStore.Content;

/** What the stand-in answers: a status, a content type and the bytes (JSON, a schema's text, or nothing). */
record RegistryResponse(int status, String contentType, byte[] body) {

    static RegistryResponse json(int status, JsonNode node) {
        try {
            return new RegistryResponse(status, "application/json", MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RegistryResponse content(Content content) {
        return new RegistryResponse(200, content.contentType(), content.text().getBytes(StandardCharsets.UTF_8));
    }

    static RegistryResponse noContent() {
        return new RegistryResponse(204, "application/json", new byte[0]);
    }

    static RegistryResponse problem(RegistryProblem problem, String path) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", problem.status());
        body.put("name", problem.name());
        body.put("title", problem.getMessage());
        body.put("detail", problem.name() + ": " + problem.getMessage());
        body.put("instance", path);
        return json(problem.status(), body);
    }
}
