package io.kindred.statusmapper.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The identity and bookkeeping fields of a Kubernetes object, read once per event.
 *
 * @param uid metadata.uid, never null
 * @param namespace metadata.namespace, null for a cluster-scoped object
 */
public record ObjectIdentity(String uid, String namespace, String name, Long generation, Long observedGeneration,
                             String resourceVersion) {

    /** @return the identity, or null when the object has no UID (then it cannot be keyed, and is skipped) */
    public static ObjectIdentity of(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        String uid = text(metadata.get("uid"));
        if (uid == null || uid.isEmpty()) {
            return null;
        }
        return new ObjectIdentity(uid, text(metadata.get("namespace")), text(metadata.get("name")),
                number(metadata.get("generation")), number(object.path("status").get("observedGeneration")),
                text(metadata.get("resourceVersion")));
    }

    /** {@code namespace/name} or {@code name}, for log lines. */
    public String displayName() {
        return namespace == null ? String.valueOf(name) : namespace + "/" + name;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Long number(JsonNode node) {
        return node != null && node.canConvertToLong() ? node.asLong() : null;
    }
}
