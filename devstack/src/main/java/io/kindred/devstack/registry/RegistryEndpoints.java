package io.kindred.devstack.registry;

import static io.kindred.devstack.registry.RegistryJson.MAPPER;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.devstack.registry.RegistryStore.Artifact;
import io.kindred.devstack.registry.RegistryStore.Content;
import io.kindred.devstack.registry.RegistryStore.Created;
import io.kindred.devstack.registry.RegistryStore.IfExists;
import io.kindred.devstack.registry.RegistryStore.NewVersion;
import io.kindred.devstack.registry.RegistryStore.Version;

/** What each endpoint of the stand-in does with the {@link RegistryStore}, once the router has picked it. */
final class RegistryEndpoints {

    private static final int DEFAULT_LIMIT = 20;
    private static final Set<String> UNSUPPORTED_SEARCH_FILTERS = Set.of("labels");

    private final RegistryStore store;

    RegistryEndpoints(RegistryStore store) {
        this.store = store;
    }

    RegistryResponse systemInfo() {
        ObjectNode info = MAPPER.createObjectNode();
        info.put("name", "Apicurio Registry stand-in (Kindred devstack)");
        info.put("description", "In-memory subset of the Apicurio Registry 3 core API for tests and local runs");
        info.put("version", "3.1.7-kindred-stand-in");
        return RegistryResponse.json(200, info);
    }

    RegistryResponse createArtifact(String groupId, RegistryRequest request) {
        Map<String, String> query = request.query();
        IfExists ifExists = QueryParameters.parseEnum(IfExists.class, query.get("ifExists"), "ifExists", IfExists.FAIL);
        boolean canonical = QueryParameters.parseBoolean(query.get("canonical"), "canonical");
        if (QueryParameters.parseBoolean(query.get("dryRun"), "dryRun")) {
            throw RegistryProblem.badRequest("dryRun is not supported by the stand-in");
        }
        JsonNode body = RequestBodies.parseJsonBody(request, "CreateArtifact");
        String artifactId = RequestBodies.optionalText(body, "artifactId", "artifactId");
        if (artifactId == null) {
            artifactId = UUID.randomUUID().toString();
        }
        JsonNode firstVersionNode = RequestBodies.optionalObject(body, "firstVersion", "firstVersion");
        NewVersion firstVersion = firstVersionNode == null ? null : RequestBodies.newVersion(firstVersionNode, "firstVersion.");
        String artifactType = RequestBodies.optionalText(body, "artifactType", "artifactType");
        artifactType = artifactType != null ? RegistryStore.requireKnownType(artifactType, "artifactType")
                : RequestBodies.inferType(firstVersion);
        if (firstVersion != null) {
            RequestBodies.requireWellFormed(firstVersion.text(), artifactType, "firstVersion.content.content");
        }
        Created created = store.createArtifact(groupId, artifactId, artifactType,
                RequestBodies.optionalText(body, "name", "name"), RequestBodies.optionalText(body, "description", "description"),
                RequestBodies.labels(body, "labels", "labels"), firstVersion, ifExists, canonical);
        ObjectNode response = MAPPER.createObjectNode();
        response.set("artifact", RegistryJson.artifactJson(created.artifact()));
        if (created.version() != null) {
            response.set("version", RegistryJson.versionJson(created.version()));
        }
        return RegistryResponse.json(200, response);
    }

    RegistryResponse createVersion(String groupId, String artifactId, RegistryRequest request) {
        if (QueryParameters.parseBoolean(request.query().get("dryRun"), "dryRun")) {
            throw RegistryProblem.badRequest("dryRun is not supported by the stand-in");
        }
        JsonNode body = RequestBodies.parseJsonBody(request, "CreateVersion");
        NewVersion newVersion = RequestBodies.newVersion(body, "");
        RequestBodies.requireWellFormed(newVersion.text(), store.artifact(groupId, artifactId).artifactType(), "content.content");
        return RegistryResponse.json(200, RegistryJson.versionJson(store.createVersion(groupId, artifactId, newVersion)));
    }

    RegistryResponse listArtifacts(String groupId, RegistryRequest request) {
        Map<String, String> query = request.query();
        int limit = QueryParameters.parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = QueryParameters.parseNonNegative(query.get("offset"), "offset", 0);
        List<Artifact> artifacts = store.artifacts(groupId);
        ArrayNode page = MAPPER.createArrayNode();
        artifacts.stream().skip(offset).limit(limit).forEach(a -> page.add(RegistryJson.artifactJson(a)));
        ObjectNode result = MAPPER.createObjectNode();
        result.put("count", artifacts.size());
        result.set("artifacts", page);
        return RegistryResponse.json(200, result);
    }

    RegistryResponse listVersions(String groupId, String artifactId, RegistryRequest request) {
        Map<String, String> query = request.query();
        int limit = QueryParameters.parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = QueryParameters.parseNonNegative(query.get("offset"), "offset", 0);
        Comparator<Version> order = versionOrder(query.getOrDefault("orderby", "createdOn"), query.get("order"));
        List<Version> versions = store.artifact(groupId, artifactId).versions().stream().sorted(order).toList();
        return RegistryResponse.json(200, RegistryJson.versionPage(versions, offset, limit));
    }

    /**
     * GET filters by metadata; POST additionally matches the request body against each version's content, which is
     * how the serdes look a schema up by content.
     */
    RegistryResponse searchVersions(RegistryRequest request) {
        Map<String, String> query = request.query();
        for (String unsupported : UNSUPPORTED_SEARCH_FILTERS) {
            if (query.containsKey(unsupported)) {
                throw RegistryProblem.badRequest("Search filter '" + unsupported + "' is not supported by the stand-in");
            }
        }
        int limit = QueryParameters.parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = QueryParameters.parseNonNegative(query.get("offset"), "offset", 0);
        Comparator<Version> order = versionOrder(query.getOrDefault("orderby", "globalId"), query.get("order"));
        Predicate<Version> filter = v -> true;
        String groupId = query.get("groupId");
        if (groupId != null) {
            String group = QueryParameters.groupId(groupId);
            filter = filter.and(v -> v.groupId().equals(group));
        }
        filter = and(filter, query.get("artifactId"), Version::artifactId);
        filter = and(filter, query.get("version"), Version::version);
        filter = and(filter, query.get("name"), Version::name);
        filter = and(filter, query.get("description"), Version::description);
        String artifactType = query.get("artifactType");
        if (artifactType != null) {
            String type = RegistryStore.requireKnownType(artifactType, "artifactType");
            filter = filter.and(v -> v.artifactType().equals(type));
        }
        if (query.get("globalId") != null) {
            long globalId = QueryParameters.parseId(query.get("globalId"), "globalId");
            filter = filter.and(v -> v.globalId() == globalId);
        }
        if (query.get("contentId") != null) {
            long contentId = QueryParameters.parseId(query.get("contentId"), "contentId");
            filter = filter.and(v -> v.contentId() == contentId);
        }
        if (query.get("state") != null && !Version.STATE.equals(query.get("state"))) {
            filter = v -> false; // every version of the stand-in is ENABLED
        }
        if (request.method().equals("POST")) {
            if (request.body().length == 0) {
                throw RegistryProblem.badRequest("POST /search/versions needs the content to look for as its body");
            }
            filter = filter.and(store.contentMatches(request.bodyText(),
                    QueryParameters.parseBoolean(query.get("canonical"), "canonical")));
        }
        return RegistryResponse.json(200, RegistryJson.versionPage(store.searchVersions(filter, order), offset, limit));
    }

    private static Predicate<Version> and(Predicate<Version> filter, String expected,
            java.util.function.Function<Version, String> field) {
        return expected == null ? filter : filter.and(v -> expected.equals(field.apply(v)));
    }

    private static Comparator<Version> versionOrder(String orderBy, String order) {
        Comparator<Version> comparator = switch (orderBy) {
            case "globalId" -> Comparator.comparingLong(Version::globalId);
            case "createdOn", "modifiedOn" -> Comparator.comparing(Version::createdOn)
                    .thenComparingLong(Version::globalId);
            case "groupId" -> Comparator.comparing(Version::groupId);
            case "artifactId" -> Comparator.comparing(Version::artifactId);
            case "version" -> Comparator.comparing(Version::version);
            case "name" -> Comparator.comparing(v -> v.name() == null ? "" : v.name());
            default -> throw RegistryProblem.badRequest("orderby must be one of [groupId, artifactId, version, "
                    + "name, createdOn, modifiedOn, globalId], was '" + orderBy + "'");
        };
        if (order == null || order.isEmpty() || order.equals("asc")) {
            return comparator;
        }
        if (order.equals("desc")) {
            return comparator.reversed();
        }
        throw RegistryProblem.badRequest("order must be asc or desc, was '" + order + "'");
    }

    RegistryResponse artifact(String groupId, String artifactId) {
        return RegistryResponse.json(200, RegistryJson.artifactJson(store.artifact(groupId, artifactId)));
    }

    RegistryResponse deleteArtifact(String groupId, String artifactId) {
        store.deleteArtifact(groupId, artifactId);
        return RegistryResponse.noContent();
    }

    /** {@code version} is a version or {@code branch=latest}. */
    RegistryResponse version(String groupId, String artifactId, String version) {
        return RegistryResponse.json(200, RegistryJson.versionJson(store.version(groupId, artifactId, version)));
    }

    RegistryResponse versionContent(String groupId, String artifactId, String version) {
        return RegistryResponse.content(store.contentById(store.version(groupId, artifactId, version).contentId()));
    }

    RegistryResponse versionReferences(String groupId, String artifactId, String version) {
        Content content = store.contentById(store.version(groupId, artifactId, version).contentId());
        return RegistryResponse.json(200, RegistryJson.referencesJson(content));
    }

    Content contentByGlobalId(long globalId) {
        return store.contentById(store.versionByGlobalId(globalId).contentId());
    }

    Content contentById(long contentId) {
        return store.contentById(contentId);
    }

    Content contentByHash(String hash) {
        return store.contentByHash(hash);
    }
}
