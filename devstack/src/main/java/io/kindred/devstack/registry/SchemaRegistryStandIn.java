package io.kindred.devstack.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kindred.devstack.BackendSource;
import io.kindred.devstack.registry.RegistryStore.Artifact;
import io.kindred.devstack.registry.RegistryStore.Content;
import io.kindred.devstack.registry.RegistryStore.Created;
import io.kindred.devstack.registry.RegistryStore.IfExists;
import io.kindred.devstack.registry.RegistryStore.NewVersion;
import io.kindred.devstack.registry.RegistryStore.Reference;
import io.kindred.devstack.registry.RegistryStore.Version;

/**
 * An in-memory stand-in for the part of the Apicurio Registry 3 core REST API ({@code /apis/registry/v3}) that the
 * Apicurio serdes 3.1.x and simple tooling use:
 * <ul>
 * <li>{@code POST /groups/{g}/artifacts?ifExists=FAIL|CREATE_VERSION|FIND_OR_CREATE_VERSION&canonical=} (serializer
 * auto-register), {@code GET /groups/{g}/artifacts}, {@code GET|DELETE /groups/{g}/artifacts/{a}}</li>
 * <li>{@code GET|POST /groups/{g}/artifacts/{a}/versions}, {@code GET .../versions/{version|branch=latest}}
 * (find-latest), {@code .../content}, {@code .../references}</li>
 * <li>{@code GET /ids/globalIds/{id}}, {@code /ids/contentIds/{id}}, {@code /ids/contentHashes/{hash}} and their
 * {@code /references} (deserializer look-ups)</li>
 * <li>{@code POST /search/versions} with the content as body (look-up by content), {@code GET /search/versions}</li>
 * <li>{@code GET /system/info}</li>
 * </ul>
 * Anything else is answered 404 (unknown path) or 405 (known path, other method) with a JSON problem body; malformed
 * input gets 400 naming the field. No rules, no authentication, no drafts, one branch ({@code latest}).
 */
public final class SchemaRegistryStandIn implements SchemaRegistryBackend {

    public static final String API_PATH = "/apis/registry/v3";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryStandIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final int DEFAULT_LIMIT = 20;
    private static final Set<String> UNSUPPORTED_SEARCH_FILTERS = Set.of("labels");

    private final RegistryStore store = new RegistryStore();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiUrl;
    private boolean closed;

    private SchemaRegistryStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.apiUrl = "http://localhost:" + server.getAddress().getPort() + API_PATH;
    }

    /**
     * Starts serving on localhost.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static SchemaRegistryStandIn start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("The schema registry stand-in could not listen"
                    + (port != 0 ? " on port " + port : ""), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        SchemaRegistryStandIn standIn = new SchemaRegistryStandIn(server, executor);
        server.createContext("/", standIn::handle);
        server.start();
        LOG.info("Schema registry stand-in (Apicurio v3 API subset) ready at {}", standIn.apiUrl);
        return standIn;
    }

    @Override
    public String apiUrl() {
        return apiUrl;
    }

    @Override
    public BackendSource source() {
        return BackendSource.EMBEDDED;
    }

    @Override
    public String description() {
        return "Schema registry stand-in (in-memory Apicurio Registry v3 API subset) at " + apiUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Schema registry stand-in at {} stopped", apiUrl);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Response response;
            try {
                byte[] body = readBody(exchange);
                response = route(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
            } catch (RegistryProblem problem) {
                response = Response.problem(problem, exchange.getRequestURI().getPath());
            } catch (RuntimeException e) {
                LOG.warn("Schema registry stand-in failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                response = Response.problem(new RegistryProblem(500, "InternalServerError", String.valueOf(e)),
                        exchange.getRequestURI().getPath());
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.body().length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("Schema registry stand-in lost a connection", e);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new RegistryProblem(413, "PayloadTooLargeException",
                        "Request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private record Request(String method, String rawPath, String rawQuery, String contentType, byte[] body) {

        Map<String, String> query() {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return parameters;
            }
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decodeQuery(pair.substring(equals + 1));
                parameters.putIfAbsent(key, value);
            }
            return parameters;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Response(int status, String contentType, byte[] body) {

        static Response json(int status, JsonNode node) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Response content(Content content) {
            return new Response(200, content.contentType(), content.text().getBytes(StandardCharsets.UTF_8));
        }

        static Response noContent() {
            return new Response(204, "application/json", new byte[0]);
        }

        static Response problem(RegistryProblem problem, String path) {
            ObjectNode body = JSON.createObjectNode();
            body.put("status", problem.status());
            body.put("name", problem.name());
            body.put("title", problem.getMessage());
            body.put("detail", problem.name() + ": " + problem.getMessage());
            body.put("instance", path);
            return json(problem.status(), body);
        }
    }

    private Response route(Request request) {
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
                    return systemInfo();
                }
                break;
            case "groups":
                return routeGroups(request, path);
            case "ids":
                return routeIds(request, path);
            case "search":
                if (size == 2 && path.get(1).equals("versions")) {
                    requireMethod(method, "GET", "POST");
                    return searchVersions(request);
                }
                break;
            default:
                break;
        }
        throw unknownEndpoint(request);
    }

    private Response routeGroups(Request request, List<String> path) {
        String method = request.method();
        int size = path.size();
        if (size < 3 || !path.get(2).equals("artifacts")) {
            throw unknownEndpoint(request);
        }
        String groupId = groupId(path.get(1));
        if (size == 3) {
            requireMethod(method, "GET", "POST");
            return method.equals("POST") ? createArtifact(groupId, request) : listArtifacts(groupId, request);
        }
        String artifactId = path.get(3);
        if (size == 4) {
            requireMethod(method, "GET", "DELETE");
            if (method.equals("DELETE")) {
                store.deleteArtifact(groupId, artifactId);
                return Response.noContent();
            }
            return Response.json(200, artifactJson(store.artifact(groupId, artifactId)));
        }
        if (!path.get(4).equals("versions")) {
            throw unknownEndpoint(request);
        }
        if (size == 5) {
            requireMethod(method, "GET", "POST");
            return method.equals("POST") ? createVersion(groupId, artifactId, request)
                    : listVersions(groupId, artifactId, request);
        }
        boolean metadata = size == 6;
        boolean content = size == 7 && path.get(6).equals("content");
        boolean references = size == 7 && path.get(6).equals("references");
        if (!metadata && !content && !references) {
            throw unknownEndpoint(request);
        }
        requireMethod(method, "GET");
        Version version = store.version(groupId, artifactId, path.get(5));
        if (metadata) {
            return Response.json(200, versionJson(version));
        }
        Content stored = store.contentById(version.contentId());
        return content ? Response.content(stored) : Response.json(200, referencesJson(stored));
    }

    private Response routeIds(Request request, List<String> path) {
        int size = path.size();
        if (size < 3 || size > 4 || (size == 4 && !path.get(3).equals("references"))) {
            throw unknownEndpoint(request);
        }
        requireMethod(request.method(), "GET");
        Content content = switch (path.get(1)) {
            case "globalIds" -> store.contentById(
                    store.versionByGlobalId(parseId(path.get(2), "globalId")).contentId());
            case "contentIds" -> store.contentById(parseId(path.get(2), "contentId"));
            case "contentHashes" -> store.contentByHash(path.get(2));
            default -> throw unknownEndpoint(request);
        };
        return size == 4 ? Response.json(200, referencesJson(content)) : Response.content(content);
    }

    private static RegistryProblem unknownEndpoint(Request request) {
        return RegistryProblem.notFound("NotFoundException", "The schema registry stand-in does not serve "
                + request.method() + " " + request.rawPath() + " (see SchemaRegistryStandIn for the supported subset)");
    }

    private static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new RegistryProblem(405, "MethodNotAllowedException", "Method " + method
                    + " is not allowed here; allowed: " + String.join(", ", allowed));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Endpoints

    private Response systemInfo() {
        ObjectNode info = JSON.createObjectNode();
        info.put("name", "Apicurio Registry stand-in (Kindred devstack)");
        info.put("description", "In-memory subset of the Apicurio Registry 3 core API for tests and local runs");
        info.put("version", "3.1.7-kindred-stand-in");
        return Response.json(200, info);
    }

    private Response createArtifact(String groupId, Request request) {
        Map<String, String> query = request.query();
        IfExists ifExists = parseEnum(IfExists.class, query.get("ifExists"), "ifExists", IfExists.FAIL);
        boolean canonical = parseBoolean(query.get("canonical"), "canonical");
        if (parseBoolean(query.get("dryRun"), "dryRun")) {
            throw RegistryProblem.badRequest("dryRun is not supported by the stand-in");
        }
        JsonNode body = parseJsonBody(request, "CreateArtifact");
        String artifactId = optionalText(body, "artifactId", "artifactId");
        if (artifactId == null) {
            artifactId = UUID.randomUUID().toString();
        }
        JsonNode firstVersionNode = optionalObject(body, "firstVersion", "firstVersion");
        NewVersion firstVersion = firstVersionNode == null ? null : newVersion(firstVersionNode, "firstVersion.");
        String artifactType = optionalText(body, "artifactType", "artifactType");
        artifactType = artifactType != null ? RegistryStore.requireKnownType(artifactType, "artifactType")
                : inferType(firstVersion);
        if (firstVersion != null) {
            requireWellFormed(firstVersion.text(), artifactType, "firstVersion.content.content");
        }
        Created created = store.createArtifact(groupId, artifactId, artifactType,
                optionalText(body, "name", "name"), optionalText(body, "description", "description"),
                labels(body, "labels", "labels"), firstVersion, ifExists, canonical);
        ObjectNode response = JSON.createObjectNode();
        response.set("artifact", artifactJson(created.artifact()));
        if (created.version() != null) {
            response.set("version", versionJson(created.version()));
        }
        return Response.json(200, response);
    }

    private Response createVersion(String groupId, String artifactId, Request request) {
        if (parseBoolean(request.query().get("dryRun"), "dryRun")) {
            throw RegistryProblem.badRequest("dryRun is not supported by the stand-in");
        }
        JsonNode body = parseJsonBody(request, "CreateVersion");
        NewVersion newVersion = newVersion(body, "");
        requireWellFormed(newVersion.text(), store.artifact(groupId, artifactId).artifactType(), "content.content");
        return Response.json(200, versionJson(store.createVersion(groupId, artifactId, newVersion)));
    }

    private Response listArtifacts(String groupId, Request request) {
        Map<String, String> query = request.query();
        int limit = parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = parseNonNegative(query.get("offset"), "offset", 0);
        List<Artifact> artifacts = store.artifacts(groupId);
        ArrayNode page = JSON.createArrayNode();
        artifacts.stream().skip(offset).limit(limit).forEach(a -> page.add(artifactJson(a)));
        ObjectNode result = JSON.createObjectNode();
        result.put("count", artifacts.size());
        result.set("artifacts", page);
        return Response.json(200, result);
    }

    private Response listVersions(String groupId, String artifactId, Request request) {
        Map<String, String> query = request.query();
        int limit = parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = parseNonNegative(query.get("offset"), "offset", 0);
        Comparator<Version> order = versionOrder(query.getOrDefault("orderby", "createdOn"), query.get("order"));
        List<Version> versions = store.artifact(groupId, artifactId).versions().stream().sorted(order).toList();
        return Response.json(200, versionPage(versions, offset, limit));
    }

    /**
     * GET filters by metadata; POST additionally matches the request body against each version's content, which is
     * how the serdes look a schema up by content.
     */
    private Response searchVersions(Request request) {
        Map<String, String> query = request.query();
        for (String unsupported : UNSUPPORTED_SEARCH_FILTERS) {
            if (query.containsKey(unsupported)) {
                throw RegistryProblem.badRequest("Search filter '" + unsupported + "' is not supported by the stand-in");
            }
        }
        int limit = parseNonNegative(query.get("limit"), "limit", DEFAULT_LIMIT);
        int offset = parseNonNegative(query.get("offset"), "offset", 0);
        Comparator<Version> order = versionOrder(query.getOrDefault("orderby", "globalId"), query.get("order"));
        Predicate<Version> filter = v -> true;
        String groupId = query.get("groupId");
        if (groupId != null) {
            String group = groupId(groupId);
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
            long globalId = parseId(query.get("globalId"), "globalId");
            filter = filter.and(v -> v.globalId() == globalId);
        }
        if (query.get("contentId") != null) {
            long contentId = parseId(query.get("contentId"), "contentId");
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
                    parseBoolean(query.get("canonical"), "canonical")));
        }
        return Response.json(200, versionPage(store.searchVersions(filter, order), offset, limit));
    }

    private static Predicate<Version> and(Predicate<Version> filter, String expected,
            java.util.function.Function<Version, String> field) {
        return expected == null ? filter : filter.and(v -> expected.equals(field.apply(v)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Request parsing (every error names the field)

    private static JsonNode parseJsonBody(Request request, String what) {
        if (request.body().length == 0) {
            throw RegistryProblem.badRequest("Request body is empty; expected a " + what + " JSON object");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw RegistryProblem.badRequest("Request body is not valid JSON (" + what + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryProblem.badRequest("Request body could not be read (" + what + "): " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw RegistryProblem.badRequest("Request body must be a " + what + " JSON object");
        }
        return body;
    }

    private NewVersion newVersion(JsonNode node, String prefix) {
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
                references.add(new Reference(groupId(optionalText(reference, "groupId", field + ".groupId")),
                        referencedArtifact, referencedVersion, name));
            }
        }
        return new NewVersion(optionalText(node, "version", prefix + "version"), text,
                contentType == null ? "application/json" : contentType, List.copyOf(references),
                optionalText(node, "name", prefix + "name"), optionalText(node, "description", prefix + "description"),
                labels(node, "labels", prefix + "labels"));
    }

    private static String optionalText(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw RegistryProblem.badRequest(field + " must be a string, was " + value.getNodeType());
        }
        return value.asText();
    }

    private static JsonNode optionalObject(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw RegistryProblem.badRequest(field + " must be an object, was " + value.getNodeType());
        }
        return value;
    }

    private static boolean optionalBoolean(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw RegistryProblem.badRequest(field + " must be a boolean, was " + value.getNodeType());
        }
        return value.asBoolean();
    }

    private static Map<String, String> labels(JsonNode node, String key, String field) {
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
    private static String inferType(NewVersion version) {
        if (version == null) {
            throw RegistryProblem.badRequest("artifactType is required when there is no firstVersion");
        }
        String text = version.text().trim();
        if (text.startsWith("syntax") || text.contains("\nsyntax =") || text.startsWith("package ")) {
            return "PROTOBUF";
        }
        try {
            JsonNode tree = JSON.readTree(text);
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

    private static void requireWellFormed(String text, String artifactType, String field) {
        if (!Set.of("AVRO", "JSON").contains(artifactType)) {
            return;
        }
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw RegistryProblem.badRequest(field + " is not valid JSON, which a " + artifactType
                    + " schema must be: " + e.getOriginalMessage());
        }
    }

    private static String groupId(String raw) {
        return raw == null || raw.isEmpty() ? RegistryStore.DEFAULT_GROUP : raw;
    }

    private static long parseId(String raw, String field) {
        try {
            long id = Long.parseLong(raw);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw RegistryProblem.badRequest(field + " must be a non-negative integer, was '" + raw + "'");
        }
    }

    private static int parseNonNegative(String raw, String field, int defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw RegistryProblem.badRequest(field + " must be a non-negative integer, was '" + raw + "'");
        }
    }

    private static boolean parseBoolean(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw RegistryProblem.badRequest(field + " must be true or false, was '" + raw + "'");
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw, String field, E defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.badRequest(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", was '" + raw + "'");
        }
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

    private static String decodePathSegment(String segment) {
        // percent-decoding only: a '+' in a path segment is a plus sign
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String decodeQuery(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.badRequest("Malformed query string: " + text);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JSON shapes of the v3 API (ArtifactMetaData, VersionMetaData / SearchedVersion, ArtifactReference)

    private static ObjectNode artifactJson(Artifact artifact) {
        ObjectNode node = JSON.createObjectNode();
        node.put("groupId", artifact.groupId());
        node.put("artifactId", artifact.artifactId());
        node.put("artifactType", artifact.artifactType());
        putIfPresent(node, "name", artifact.name());
        putIfPresent(node, "description", artifact.description());
        node.put("owner", "");
        node.put("createdOn", artifact.createdOn().toString());
        node.put("modifiedBy", "");
        node.put("modifiedOn", artifact.modifiedOn().toString());
        node.set("labels", JSON.valueToTree(artifact.labels()));
        return node;
    }

    private static ObjectNode versionJson(Version version) {
        ObjectNode node = JSON.createObjectNode();
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
        node.set("labels", JSON.valueToTree(version.labels()));
        return node;
    }

    private static ObjectNode versionPage(List<Version> versions, int offset, int limit) {
        ArrayNode page = JSON.createArrayNode();
        versions.stream().skip(offset).limit(limit).forEach(v -> page.add(versionJson(v)));
        ObjectNode result = JSON.createObjectNode();
        result.put("count", versions.size());
        result.set("versions", page);
        return result;
    }

    private static ArrayNode referencesJson(Content content) {
        ArrayNode references = JSON.createArrayNode();
        for (Reference reference : content.references()) {
            ObjectNode node = references.addObject();
            node.put("groupId", reference.groupId());
            node.put("artifactId", reference.artifactId());
            node.put("version", reference.version());
            node.put("name", reference.name());
        }
        return references;
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
