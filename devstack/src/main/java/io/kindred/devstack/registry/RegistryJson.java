package io.kindred.devstack.registry;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.devstack.registry.RegistryStore.Artifact;
import io.kindred.devstack.registry.RegistryStore.Content;
import io.kindred.devstack.registry.RegistryStore.Reference;
import io.kindred.devstack.registry.RegistryStore.Version;

/** The JSON shapes of the v3 API the stand-in answers: ArtifactMetaData, VersionMetaData / SearchedVersion, ArtifactReference. */
final class RegistryJson {

    /** The one mapper of the stand-in (thread-safe once configured). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    static ObjectNode artifactJson(Artifact artifact) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("groupId", artifact.groupId());
        node.put("artifactId", artifact.artifactId());
        node.put("artifactType", artifact.artifactType());
        putIfPresent(node, "name", artifact.name());
        putIfPresent(node, "description", artifact.description());
        node.put("owner", "");
        node.put("createdOn", artifact.createdOn().toString());
        node.put("modifiedBy", "");
        node.put("modifiedOn", artifact.modifiedOn().toString());
        node.set("labels", MAPPER.valueToTree(artifact.labels()));
        return node;
    }

    static ObjectNode versionJson(Version version) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("groupId", version.groupId());
        node.put("artifactId", version.artifactId());
        node.put("version", version.version());
        node.put("artifactType", version.artifactType());
        node.put("globalId", version.globalId());
        node.put("contentId", version.contentId());
        node.put("state", Version.STATE);
        putIfPresent(node, "name", version.name());
        putIfPresent(node, "description", version.description());
        node.put("owner", "");
        node.put("createdOn", version.createdOn().toString());
        node.put("modifiedBy", "");
        node.put("modifiedOn", version.createdOn().toString());
        node.set("labels", MAPPER.valueToTree(version.labels()));
        return node;
    }

    static ObjectNode versionPage(List<Version> versions, int offset, int limit) {
        ArrayNode page = MAPPER.createArrayNode();
        versions.stream().skip(offset).limit(limit).forEach(v -> page.add(versionJson(v)));
        ObjectNode result = MAPPER.createObjectNode();
        result.put("count", versions.size());
        result.set("versions", page);
        return result;
    }

    static ArrayNode referencesJson(Content content) {
        ArrayNode references = MAPPER.createArrayNode();
        for (Reference reference : content.references()) {
            ObjectNode node = references.addObject();
            node.put("groupId", reference.groupId());
            node.put("artifactId", reference.artifactId());
            node.put("version", reference.version());
            node.put("name", reference.name());
        }
        return references;
    }

    static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
