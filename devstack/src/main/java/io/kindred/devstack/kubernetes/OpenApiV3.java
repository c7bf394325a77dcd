package io.kindred.devstack.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Just enough OpenAPI v3 for {@code kubectl apply/create/replace} with their default {@code --validate=strict}:
 * kubectl validates on the client only when the server's OpenAPI says a resource's PATCH lacks the
 * {@code fieldValidation} query parameter, and otherwise leaves validation to the server. Each group version's document
 * therefore lists, for every resource, a PATCH operation tagged with its group/version/kind that takes
 * {@code fieldValidation}. The mock server accepts the parameter and validates nothing (as with
 * {@code fieldValidation=Ignore}); there are no schemas, so {@code kubectl explain} has nothing to show.
 */
final class OpenApiV3 {

    static final String PREFIX = "/openapi/v3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiV3() {
    }

    /** {@code GET /openapi/v3}: each group version's path with a content hash, so clients' caches notice changes. */
    static ObjectNode index(Discovery discovery, String gitVersion) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents(discovery, gitVersion).forEach((path, document) -> paths.putObject(path)
                .put("serverRelativeURL", PREFIX + "/" + path + "?hash=" + hash(document)));
        return root;
    }

    /** {@code GET /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}. */
    static Optional<ObjectNode> document(Discovery discovery, String gitVersion, String groupVersionPath) {
        return Optional.ofNullable(documents(discovery, gitVersion).get(groupVersionPath));
    }

    private static Map<String, ObjectNode> documents(Discovery discovery, String gitVersion) {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        for (ApiResource resource : discovery.all()) {
            String key = resource.groupVersionPath().substring(1);
            ObjectNode document = documents.computeIfAbsent(key, k -> newDocument(gitVersion));
            String collection = resource.groupVersionPath()
                    + (resource.namespaced() ? "/namespaces/{namespace}/" : "/") + resource.plural();
            ObjectNode patch = ((ObjectNode) document.get("paths")).putObject(collection + "/{name}")
                    .putObject("patch");
            patch.put("operationId", "patch" + resource.kind());
            patch.putObject("x-kubernetes-group-version-kind").put("group", resource.group())
                    .put("version", resource.version()).put("kind", resource.kind());
            for (String parameter : List.of("fieldValidation", "fieldManager", "dryRun", "force")) {
                patch.withArray("parameters").addObject().put("name", parameter).put("in", "query")
                        .putObject("schema").put("type", "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        return documents;
    }

    private static ObjectNode newDocument(String gitVersion) {
        ObjectNode document = JSON.createObjectNode().put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes (Kindred devstack mock API server)")
                .put("version", gitVersion);
        document.putObject("paths");
        document.putObject("components").putObject("schemas");
        return document;
    }

    private static String hash(ObjectNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(document.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
