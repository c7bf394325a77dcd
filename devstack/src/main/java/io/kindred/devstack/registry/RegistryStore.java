package io.kindred.devstack.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The registry's state: groups of artifacts, each a list of versions, each pointing at a content. Contents are shared:
 * the same text with the same references gets one contentId wherever it is registered, while every version gets its
 * own globalId, as in Apicurio Registry 3. All methods are synchronized; the registry sees little traffic.
 */
final class RegistryStore {

    static final String DEFAULT_GROUP = "default";
    static final String LATEST_BRANCH = "branch=latest";

    /** Artifact types Apicurio Registry 3 knows; JSON-based ones can be compared canonically. */
    static final Set<String> ARTIFACT_TYPES = Set.of("AVRO", "PROTOBUF", "JSON", "OPENAPI", "ASYNCAPI", "GRAPHQL",
            "KCONNECT", "WSDL", "XSD", "XML");
    private static final Set<String> JSON_BASED_TYPES = Set.of("AVRO", "JSON", "OPENAPI", "ASYNCAPI", "KCONNECT");

    enum IfExists { FAIL, CREATE_VERSION, FIND_OR_CREATE_VERSION }

    record Reference(String groupId, String artifactId, String version, String name) {
    }

    record Content(long contentId, String text, String contentType, String contentHash, List<Reference> references) {
    }

    record Version(String groupId, String artifactId, String version, String artifactType, long globalId,
            long contentId, Instant createdOn, String name, String description, Map<String, String> labels) {
        static final String STATE = "ENABLED";
    }

    record Artifact(String groupId, String artifactId, String artifactType, Instant createdOn, String name,
            String description, Map<String, String> labels, List<Version> versions) {

        Instant modifiedOn() {
            return versions.isEmpty() ? createdOn : versions.get(versions.size() - 1).createdOn();
        }
    }

    /** A version to register: text and references are its content. */
    record NewVersion(String version, String text, String contentType, List<Reference> references, String name,
            String description, Map<String, String> labels) {
    }

    record Created(Artifact artifact, Version version) {
    }

    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Map<String, Map<String, Artifact>> groups = new LinkedHashMap<>();
    private final Map<Long, Version> versionsByGlobalId = new HashMap<>();
    private final Map<Long, Content> contentsById = new HashMap<>();
    private final Map<ContentKey, Content> contentsByValue = new HashMap<>();
    private final Map<String, Content> contentsByHash = new HashMap<>();
    private long nextGlobalId = 1;
    private long nextContentId = 1;

    private record ContentKey(String text, List<Reference> references) {
    }

    synchronized Created createArtifact(String groupId, String artifactId, String artifactType, String name,
            String description, Map<String, String> labels, NewVersion firstVersion, IfExists ifExists,
            boolean canonical) {
        Map<String, Artifact> group = groups.computeIfAbsent(groupId, g -> new LinkedHashMap<>());
        Artifact existing = group.get(artifactId);
        if (existing != null) {
            if (ifExists == IfExists.FAIL) {
                throw RegistryProblem.conflict("ArtifactAlreadyExistsException", "An artifact with ID '"
                        + artifactId + "' in group '" + groupId + "' already exists.");
            }
            if (!existing.artifactType().equals(artifactType)) {
                throw RegistryProblem.conflict("ArtifactTypeMismatchException", "Artifact '" + artifactId
                        + "' in group '" + groupId + "' has type " + existing.artifactType() + ", not " + artifactType);
            }
            if (firstVersion == null) {
                throw RegistryProblem.badRequest("firstVersion is required to add a version to existing artifact '"
                        + artifactId + "' (ifExists=" + ifExists + ")");
            }
            if (ifExists == IfExists.FIND_OR_CREATE_VERSION) {
                Optional<Version> same = existing.versions().stream()
                        .filter(v -> firstVersion.version() == null || firstVersion.version().equals(v.version()))
                        .filter(v -> sameContent(contentsById.get(v.contentId()), firstVersion, artifactType, canonical))
                        .reduce((first, second) -> second);
                if (same.isPresent()) {
                    return new Created(existing, same.get());
                }
            }
            return new Created(existing, addVersion(existing, firstVersion));
        }
        Artifact artifact = new Artifact(groupId, artifactId, artifactType, now(), name, description, labels,
                new ArrayList<>());
        Version version = firstVersion == null ? null : addVersion(artifact, firstVersion);
        group.put(artifactId, artifact);
        return new Created(artifact, version);
    }

    synchronized Version createVersion(String groupId, String artifactId, NewVersion newVersion) {
        return addVersion(artifact(groupId, artifactId), newVersion);
    }

    private Version addVersion(Artifact artifact, NewVersion newVersion) {
        String versionName = newVersion.version() != null ? newVersion.version()
                : String.valueOf(artifact.versions().size() + 1);
        if (artifact.versions().stream().anyMatch(v -> v.version().equals(versionName))) {
            throw RegistryProblem.conflict("VersionAlreadyExistsException", "Version '" + versionName
                    + "' of artifact '" + artifact.artifactId() + "' in group '" + artifact.groupId()
                    + "' already exists.");
        }
        for (Reference reference : newVersion.references()) {
            version(reference.groupId(), reference.artifactId(), reference.version()); // must resolve
        }
        Content content = contentFor(newVersion.text(), newVersion.contentType(), newVersion.references());
        Version version = new Version(artifact.groupId(), artifact.artifactId(), versionName, artifact.artifactType(),
                nextGlobalId++, content.contentId(), now(), newVersion.name(), newVersion.description(),
                newVersion.labels());
        artifact.versions().add(version);
        versionsByGlobalId.put(version.globalId(), version);
        return version;
    }

    private Content contentFor(String text, String contentType, List<Reference> references) {
        return contentsByValue.computeIfAbsent(new ContentKey(text, references), key -> {
            Content content = new Content(nextContentId++, text, contentType, sha256(text), List.copyOf(references));
            contentsById.put(content.contentId(), content);
            contentsByHash.putIfAbsent(content.contentHash(), content);
            return content;
        });
    }

    synchronized Artifact artifact(String groupId, String artifactId) {
        Artifact artifact = groups.getOrDefault(groupId, Map.of()).get(artifactId);
        if (artifact == null) {
            throw RegistryProblem.notFound("ArtifactNotFoundException", "No artifact with ID '" + artifactId
                    + "' in group '" + groupId + "' was found.");
        }
        return artifact;
    }

    synchronized List<Artifact> artifacts(String groupId) {
        return List.copyOf(groups.getOrDefault(groupId, Map.of()).values());
    }

    synchronized void deleteArtifact(String groupId, String artifactId) {
        Artifact artifact = artifact(groupId, artifactId);
        artifact.versions().forEach(v -> versionsByGlobalId.remove(v.globalId()));
        groups.get(groupId).remove(artifactId);
    }

    /** Resolves a version expression: a version name, or {@code branch=latest}. */
    synchronized Version version(String groupId, String artifactId, String expression) {
        Artifact artifact = artifact(groupId, artifactId);
        if (expression == null || LATEST_BRANCH.equals(expression)) {
            if (artifact.versions().isEmpty()) {
                throw RegistryProblem.notFound("VersionNotFoundException", "Artifact '" + artifactId
                        + "' in group '" + groupId + "' has no versions.");
            }
            return artifact.versions().get(artifact.versions().size() - 1);
        }
        if (expression.startsWith("branch=")) {
            throw RegistryProblem.notFound("BranchNotFoundException", "No branch '"
                    + expression.substring("branch=".length()) + "' in artifact '" + artifactId + "' in group '"
                    + groupId + "' (the stand-in only has branch=latest).");
        }
        return artifact.versions().stream().filter(v -> v.version().equals(expression)).findFirst()
                .orElseThrow(() -> RegistryProblem.notFound("VersionNotFoundException", "No version '" + expression
                        + "' found for artifact with ID '" + artifactId + "' in group '" + groupId + "'."));
    }

    synchronized Version versionByGlobalId(long globalId) {
        Version version = versionsByGlobalId.get(globalId);
        if (version == null) {
            throw RegistryProblem.notFound("VersionNotFoundException", "No version with global ID " + globalId
                    + " was found.");
        }
        return version;
    }

    synchronized Content contentById(long contentId) {
        Content content = contentsById.get(contentId);
        if (content == null) {
            throw RegistryProblem.notFound("ContentNotFoundException", "No content with ID " + contentId
                    + " was found.");
        }
        return content;
    }

    synchronized Content contentByHash(String contentHash) {
        Content content = contentsByHash.get(contentHash);
        if (content == null) {
            throw RegistryProblem.notFound("ContentNotFoundException", "No content with hash " + contentHash
                    + " was found.");
        }
        return content;
    }

    /** Versions matching every filter, in the requested order. */
    synchronized List<Version> searchVersions(Predicate<Version> filter, Comparator<Version> order) {
        return versionsByGlobalId.values().stream().filter(filter).sorted(order).toList();
    }

    /** A filter on content: versions whose content text equals {@code text} (canonically for JSON-based types). */
    synchronized Predicate<Version> contentMatches(String text, boolean canonical) {
        return version -> {
            Content content = contentsById.get(version.contentId());
            return content != null && textMatches(content.text(), text, version.artifactType(), canonical);
        };
    }

    private boolean sameContent(Content content, NewVersion candidate, String artifactType, boolean canonical) {
        return content != null && content.references().equals(candidate.references())
                && textMatches(content.text(), candidate.text(), artifactType, canonical);
    }

    private static boolean textMatches(String stored, String candidate, String artifactType, boolean canonical) {
        if (!canonical) {
            return stored.equals(candidate);
        }
        return canonicalForm(stored, artifactType).equals(canonicalForm(candidate, artifactType));
    }

    /**
     * Whitespace- and key-order-insensitive JSON for JSON-based types, trimmed text otherwise. Apicurio's own
     * canonicalizers go further (e.g. Avro parsing canonical form); nothing in Kindred relies on that.
     */
    static String canonicalForm(String text, String artifactType) {
        if (JSON_BASED_TYPES.contains(artifactType)) {
            try {
                JsonNode tree = CANONICAL_JSON.readTree(text);
                return CANONICAL_JSON.writeValueAsString(CANONICAL_JSON.treeToValue(tree, Object.class));
            } catch (JsonProcessingException e) {
                return text.trim();
            }
        }
        return text.trim();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String requireKnownType(String artifactType, String field) {
        Objects.requireNonNull(artifactType);
        if (!ARTIFACT_TYPES.contains(artifactType)) {
            throw RegistryProblem.badRequest(field + " '" + artifactType + "' is not one of "
                    + ARTIFACT_TYPES.stream().sorted().toList());
        }
        return artifactType;
    }
}
