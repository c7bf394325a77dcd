package io.kindred.devstack.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kindred.devstack.registry.RegistryStore.Content;

/**
 * Maps a request's method and path under {@link SchemaRegistryStandIn#API_PATH} to one of the {@link RegistryEndpoints}:
 * an unknown path is a 404, a known path with another method a 405 (both as problem bodies).
 */
final class RegistryRouter {

    static final String API_PATH = SchemaRegistryStandIn.API_PATH;

    private final RegistryEndpoints endpoints;

    RegistryRouter(RegistryEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    RegistryResponse route(RegistryRequest request) {
        if (!request.rawPath().equals(API_PATH) && !request.rawPath().startsWith(API_PATH + "/")) {
            throw RegistryProblem.notFound("NotFoundException", "Nothing at " + request.rawPath()
                    + ": the stand-in serves the Apicurio Registry v3 API under " + API_PATH);
        }
        String[] raw = request.rawPath().substring(API_PATH.length()).split("/");
        List<String> path = new ArrayList<>();
        for (String segment : raw) {
            if (!segment.isEmpty()) {
                path.add(decodePathSegment(segment));
            }
        }
        String method = request.method();
        int size = path.size();
        String first = size > 0 ? path.get(0) : "";
        switch (first) {
            case "system":
                if (size == 2 && path.get(1).equals("info")) {
                    requireMethod(method, "GET");
                    return endpoints.systemInfo();
                }
                break;
            case "groups":
                return routeGroups(request, path);
            case "ids":
                return routeIds(request, path);
            case "search":
                if (size == 2 && path.get(1).equals("versions")) {
                    requireMethod(method, "GET", "POST");
                    return endpoints.searchVersions(request);
                }
                break;
            default:
                break;
        }
        throw unknownEndpoint(request);
    }

    private RegistryResponse routeGroups(RegistryRequest request, List<String> path) {
        String method = request.method();
        int size = path.size();
        if (size < 3 || !path.get(2).equals("artifacts")) {
            throw unknownEndpoint(request);
        }
        String groupId = QueryParameters.groupId(path.get(1));
        if (size == 3) {
            requireMethod(method, "GET", "POST");
            return method.equals("POST") ? endpoints.createArtifact(groupId, request)
                    : endpoints.listArtifacts(groupId, request);
        }
        String artifactId = path.get(3);
        if (size == 4) {
            requireMethod(method, "GET", "DELETE");
            return method.equals("DELETE") ? endpoints.deleteArtifact(groupId, artifactId)
                    : endpoints.artifact(groupId, artifactId);
        }
        if (!path.get(4).equals("versions")) {
            throw unknownEndpoint(request);
        }
        if (size == 5) {
            requireMethod(method, "GET", "POST");
            return method.equals("POST") ? endpoints.createVersion(groupId, artifactId, request)
                    : endpoints.listVersions(groupId, artifactId, request);
        }
        boolean metadata = size == 6;
        boolean content = size == 7 && path.get(6).equals("content");
        boolean references = size == 7 && path.get(6).equals("references");
        if (!metadata && !content && !references) {
            throw unknownEndpoint(request);
        }
        requireMethod(method, "GET");
        if (metadata) {
            return endpoints.version(groupId, artifactId, path.get(5));
        }
        return content ? endpoints.versionContent(groupId, artifactId, path.get(5))
                : endpoints.versionReferences(groupId, artifactId, path.get(5));
    }

    private RegistryResponse routeIds(RegistryRequest request, List<String> path) {
        int size = path.size();
        if (size < 3 || size > 4 || (size == 4 && !path.get(3).equals("references"))) {
            throw unknownEndpoint(request);
        }
        requireMethod(request.method(), "GET");
        Content content = switch (path.get(1)) {
            case "globalIds" -> endpoints.contentByGlobalId(QueryParameters.parseId(path.get(2), "globalId"));
            case "contentIds" -> endpoints.contentById(QueryParameters.parseId(path.get(2), "contentId"));
            case "contentHashes" -> endpoints.contentByHash(path.get(2));
            default -> throw unknownEndpoint(request);
        };
        return size == 4 ? RegistryResponse.json(200, RegistryJson.referencesJson(content))
                : RegistryResponse.content(content);
    }

    private static RegistryProblem unknownEndpoint(RegistryRequest request) {
        return RegistryProblem.notFound("NotFoundException", "The schema registry stand-in does not serve "
                + request.method() + " " + request.rawPath() + " (see SchemaRegistryStandIn for the supported subset)");
    }

    private static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new RegistryProblem(405, "MethodNotAllowedException", "Method " + method
                    + " is not allowed here; allowed: " + String.join(", ", allowed));
        }
    }

    private static String decodePathSegment(String segment) {
        // percent-decoding only: a '+' in a path segment is a plus sign
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
