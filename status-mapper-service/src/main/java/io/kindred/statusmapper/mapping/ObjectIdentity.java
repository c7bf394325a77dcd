package io.kindred.statusmapper.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.events.ControllerReference;

/**
 * The identity and bookkeeping fields of a Kubernetes object, read once per event.
 *
 * @param uid metadata.uid, never null
 * @param namespace metadata.namespace, null for a cluster-scoped object
 * @param controller the ownerReference with controller=true, null when there is none
 */
public record ObjectIdentity(String uid, String namespace, String name, Long generation, Long observedGeneration,
                             String resourceVersion, ControllerReference controller) {

    /** @return the identity, or null when the object has no UID (then it cannot be keyed, and is skipped) */
    public static ObjectIdentity of(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        String uid = text(metadata.get("uid"));
        if (uid == null || uid.isEmpty()) {
            return null;
        }
        return new ObjectIdentity(uid, text(metadata.get("namespace")), text(metadata.get("name")),
                number(metadata.get("generation")), number(object.path("status").get("observedGeneration")),
                text(metadata.get("resourceVersion")), controller(metadata.get("ownerReferences")));
    }

    /** The ownerReference with controller=true (Kubernetes allows at most one), or null. */
    private static ControllerReference controller(JsonNode references) {
        if (references == null || !references.isArray()) {
            return null;
        }
        for (JsonNode reference : references) {
            if (reference.path("controller").asBoolean(false)) {
                String apiVersion = text(reference.get("apiVersion"));
                String kind = text(reference.get("kind"));
                String name = text(reference.get("name"));
                String uid = text(reference.get("uid"));
                if (apiVersion != null && kind != null && name != null && uid != null) {
                    return new ControllerReference(apiVersion, kind, name, uid);
                }
            }
        }
        return null;
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
