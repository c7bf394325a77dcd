package io.kindred.devstack.registry;

import static io.kindred.devstack.registry.RegistryJson.MAPPER;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.devstack.registry.RegistryStore.NewVersion;
import io.kindred.devstack.registry.RegistryStore.Reference;

/**
 * Reads the JSON request bodies of the v3 API (CreateArtifact, CreateVersion); every error is a 400 naming the field
 * by its JSON path, e.g. {@code firstVersion.content.references[0].artifactId}.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static JsonNode parseJsonBody(RegistryRequest request, String what) {
        if (request.body().length == 0) {
            throw RegistryProblem.badRequest("RegistryRequest body is empty; expected a " + what + " JSON object");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw RegistryProblem.badRequest("RegistryRequest body is not valid JSON (" + what + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryProblem.badRequest("RegistryRequest body could not be read (" + what + "): " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw RegistryProblem.badRequest("RegistryRequest body must be a " + what + " JSON object");
        }
        return body;
    }

    static NewVersion newVersion(JsonNode node, String prefix) {
        if (optionalBoolean(node, "isDraft", prefix + "isDraft")) {
            throw RegistryProblem.badRequest(prefix + "isDraft: draft versions are not supported by the stand-in");
        }
        JsonNode content = optionalObject(node, "content", prefix + "content");
        if (content == null) {
            throw RegistryProblem.badRequest(prefix + "content is required");
        }
        String text = optionalText(content, "content", prefix + "content.content");
        if (text == null) {
            throw RegistryProblem.badRequest(prefix + "content.content is required");
        }
        String contentType = optionalText(content, "contentType", prefix + "content.contentType");
        List<Reference> references = new ArrayList<>();
        JsonNode referencesNode = content.get("references");
        if (referencesNode != null && !referencesNode.isNull()) {
            if (!referencesNode.isArray()) {
                throw RegistryProblem.badRequest(prefix + "content.references must be an array");
            }
            for (int i = 0; i < referencesNode.size(); i++) {
                String field = prefix + "content.references[" + i + "]";
                JsonNode reference = referencesNode.get(i);
                if (!reference.isObject()) {
                    throw RegistryProblem.badRequest(field + " must be an object");
                }
                String referencedArtifact = optionalText(reference, "artifactId", field + ".artifactId");
                String referencedVersion = optionalText(reference, "version", field + ".version");
                String name = optionalText(reference, "name", field + ".name");
                if (referencedArtifact == null || referencedVersion == null || name == null) {
                    throw RegistryProblem.badRequest(field + " needs artifactId, version and name");
                }
                references.add(new Reference(QueryParameters.groupId(optionalText(reference, "groupId", field + ".groupId")),
                        referencedArtifact, referencedVersion, name));
            }
        }
        return new NewVersion(optionalText(node, "version", prefix + "version"), text,
                contentType == null ? "application/json" : contentType, List.copyOf(references),
                optionalText(node, "name", prefix + "name"), optionalText(node, "description", prefix + "description"),
                labels(node, "labels", prefix + "labels"));
    }

    static String optionalText(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw RegistryProblem.badRequest(field + " must be a string, was " + value.getNodeType());
        }
        return value.asText();
    }

    static JsonNode optionalObject(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw RegistryProblem.badRequest(field + " must be an object, was " + value.getNodeType());
        }
        return value;
    }

    static boolean optionalBoolean(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw RegistryProblem.badRequest(field + " must be a boolean, was " + value.getNodeType());
        }
        return value.asBoolean();
    }

    static Map<String, String> labels(JsonNode node, String key, String field) {
        JsonNode labels = optionalObject(node, key, field);
        Map<String, String> result = new LinkedHashMap<>();
        if (labels != null) {
            labels.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw RegistryProblem.badRequest(field + "." + entry.getKey() + " must be a string");
                }
                result.put(entry.getKey(), entry.getValue().asText());
            });
        }
        return Map.copyOf(result);
    }

    /** Apicurio infers the type from content when it is not given; the stand-in knows the common cases. */
    static String inferType(NewVersion version) {
        if (version == null) {
            throw RegistryProblem.badRequest("artifactType is required when there is no firstVersion");
        }
        String text = version.text().trim();
        if (text.startsWith("syntax") || text.contains("\nsyntax =") || text.startsWith("package ")) {
            return "PROTOBUF";
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree.has("openapi") || tree.has("swagger")) {
                return "OPENAPI";
            }
            if (tree.has("asyncapi")) {
                return "ASYNCAPI";
            }
            if (tree.has("$schema") || tree.has("properties")) {
                return "JSON";
            }
            if (tree.isArray() || tree.isTextual() || tree.has("type")) {
                return "AVRO";
            }
        } catch (IOException e) {
            // not JSON: nothing more to infer from
        }
        throw RegistryProblem.badRequest("artifactType is required: the stand-in could not infer it from "
                + "firstVersion.content.content");
    }

    static void requireWellFormed(String text, String artifactType, String field) {
        if (!Set.of("AVRO", "JSON").contains(artifactType)) {
            return;
        }
        try {
            MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw RegistryProblem.badRequest(field + " is not valid JSON, which a " + artifactType
                    + " schema must be: " + e.getOriginalMessage());
        }
    }
}
