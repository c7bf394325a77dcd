package io.kindred.devstack.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * The mock API server's front door: answers what the fabric8 CRUD dispatcher does not know — {@code /version},
 * discovery (legacy and aggregated) for the built-in resources and every stored CustomResourceDefinition, OpenAPI v3
 * for {@code kubectl apply}, health — and hands every object request to the CRUD dispatcher unchanged, so watches and
 * informers behave as before. Discovery is computed from the store on each request: a CRD is served as soon as it is
 * created and gone as soon as it is deleted.
 */
final class KubernetesApiDispatcher extends Dispatcher {

    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesCrudDispatcher crud;
    private final String major;
    private final String minor;
    private final String gitVersion;
    private volatile String serverAddress = "localhost";
    /** Watches resuming from a resourceVersion below this are answered 410 Gone (see {@link #expireWatchesBefore}). */
    private volatile long oldestWatchableVersion;

    KubernetesApiDispatcher(KubernetesCrudDispatcher crud, String major, String minor, String gitVersion) {
        this.crud = crud;
        this.major = major;
        this.minor = minor;
        this.gitVersion = gitVersion;
    }

    void serverAddress(String hostAndPort) {
        this.serverAddress = hostAndPort;
    }

    /**
     * After a restart of the server the CRUD store cannot replay what changed between a client's last event and its
     * new watch (a new watch only sends the objects that exist, so a deletion in that gap would be lost for good).
     * A real API server says 410 Gone when its watch cache no longer reaches back that far, and clients relist; so
     * does this one for watches resuming from a version older than {@code version}.
     */
    void expireWatchesBefore(long version) {
        this.oldestWatchableVersion = version;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if (query >= 0 && oldestWatchableVersion > 0 && resumesExpiredWatch(path.substring(query + 1))) {
            return expiredWatch();
        }
        if (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith(PROTOBUF)) {
            // the CRUD store reads JSON only and would hang the client on a protobuf body
            return status(415, "UnsupportedMediaType", "the devstack's mock Kubernetes API reads JSON only, not "
                    + PROTOBUF + " (kubectl create <generator> sends it: use kubectl create --dry-run=client -o yaml"
                    + " | kubectl apply -f -)");
        }
        if ("GET".equalsIgnoreCase(request.getMethod())) {
            Optional<MockResponse> answer = answer(bare, request.getHeader("Accept"));
            if (answer.isPresent()) {
                return answer.get();
            }
        } else if ("POST".equalsIgnoreCase(request.getMethod()) && bare.equals(CRD_PATH)) {
            return crud.dispatch(established(request));
        } else if ("PATCH".equalsIgnoreCase(request.getMethod()) && contentType != null
                && contentType.startsWith(ServerSideApply.CONTENT_TYPE)) {
            return serverSideApply(request, bare, query < 0 ? "" : path.substring(query + 1));
        } else if ("PATCH".equalsIgnoreCase(request.getMethod()) && contentType != null
                && contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
            return strategicMergePatch(request, bare);
        } else if (query >= 0 && (bare.endsWith("/status") || bare.endsWith("/scale"))) {
            // The CRUD dispatcher recognises a subresource only at the very end of the path; kubectl adds
            // ?fieldManager=…, which made a status patch a main-resource patch that dropped the status.
            return crud.dispatch(withPath(request, bare));
        }
        return crud.dispatch(request);
    }

    private Optional<MockResponse> answer(String path, String accept) {
        String[] segments = path.substring(1).split("/");
        switch (path) {
            case "/":
                return Optional.of(json(rootPaths()));
            case "/version":
                return Optional.of(json(version()));
            case "/healthz", "/livez", "/readyz":
                return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody("ok"));
            case "/api":
                return Optional.of(wantsAggregated(accept) ? aggregated(discovery().aggregated(true))
                        : json(discovery().apiVersions(serverAddress)));
            case "/apis":
                return Optional.of(wantsAggregated(accept) ? aggregated(discovery().aggregated(false))
                        : json(discovery().apiGroupList()));
            case "/api/v1":
                return Optional.of(json(discovery().apiResourceList("", "v1")));
            case OpenApiV3.PREFIX:
                return Optional.of(json(OpenApiV3.index(discovery(), gitVersion)));
            case "/openapi/v2":
                // kubectl only falls back to v2 when v3 is missing; nothing here needs it
                return Optional.of(notFound());
            default:
                break;
        }
        if (path.startsWith(OpenApiV3.PREFIX + "/")) {
            return Optional.of(OpenApiV3.document(discovery(), gitVersion, path.substring(OpenApiV3.PREFIX.length() + 1))
                    .map(this::json).orElseGet(KubernetesApiDispatcher::notFound));
        }
        if (segments.length == 2 && segments[0].equals("apis")) {
            Discovery discovery = discovery();
            return Optional.of(discovery.servesGroup(segments[1]) ? json(discovery.apiGroup(segments[1], true))
                    : notFound());
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            Discovery discovery = discovery();
            return Optional.of(discovery.resources(segments[1], segments[2]).isPresent()
                    ? json(discovery.apiResourceList(segments[1], segments[2])) : notFound());
        }
        return Optional.empty();
    }

    /** The built-ins plus the CRDs in the store right now. */
    Discovery discovery() {
        List<JsonNode> crds = new ArrayList<>();
        MockResponse list = crud.handleGet(CRD_PATH);
        if (list.code() == 200 && list.getBody() != null) {
            try {
                JSON.readTree(list.getBody().readUtf8()).path("items").forEach(crds::add);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The mock server's CRD list is not JSON", e);
            }
        }
        return Discovery.of(BuiltinResources.RESOURCES, crds);
    }

    /**
     * A real API server marks a CRD NamesAccepted and Established once it serves it; here it is served at once, so the
     * conditions are set on create ({@code kubectl wait --for=condition=Established} and clients that check it work).
     */
    /**
     * As a real API server answers a watch its cache no longer reaches: the watch opens, its first event is an ERROR
     * carrying a 410 Status, and it closes. Clients take that (not a refused upgrade, which they just retry) as the
     * signal to relist.
     */
    private static MockResponse expiredWatch() {
        ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
        ObjectNode status = event.putObject("object").put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("reason", "Expired").put("code", 410)
                .put("message", "too old resource version: the API server restarted since (devstack)");
        String text = event.toString();
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.send(text);
                socket.close(1000, "expired");
            }
        });
    }

    private boolean resumesExpiredWatch(String query) {
        boolean watch = false;
        long version = -1;
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                watch = true;
            } else if (parameter.startsWith("resourceVersion=") && parameter.length() > "resourceVersion=".length()) {
                try {
                    version = Long.parseLong(parameter.substring("resourceVersion=".length()));
                } catch (NumberFormatException e) {
                    return false; // not one of ours: let the store answer
                }
            }
        }
        return watch && version >= 0 && version < oldestWatchableVersion;
    }

    private static RecordedRequest established(RecordedRequest request) {
        JsonNode crd;
        try {
            crd = JSON.readTree(request.getUtf8Body());
        } catch (JsonProcessingException e) {
            return request; // the CRUD dispatcher answers malformed bodies itself
        }
        if (!(crd instanceof ObjectNode) || !crd.path("spec").isObject()) {
            return request;
        }
        ObjectNode status = ((ObjectNode) crd).putObject("status");
        ArrayNode conditions = status.putArray("conditions");
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("lastTransitionTime", now)
                .put("reason", "NoConflicts").put("message", "no conflicts found");
        conditions.addObject().put("type", "Established").put("status", "True").put("lastTransitionTime", now)
                .put("reason", "InitialNamesAccepted").put("message", "the initial names have been accepted");
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        ArrayNode stored = status.putArray("storedVersions");
        crd.path("spec").path("versions").forEach(version -> {
            if (version.path("storage").asBoolean(false)) {
                stored.add(version.path("name").asText());
            }
        });
        byte[] body = crd.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(body));
    }

    /**
     * The CRUD dispatcher knows JSON patch and merge patch only; kubectl sends strategic merge patches for built-in
     * kinds (apply, and patch by default). The object is read, patched here and written back with a PUT carrying
     * the read resourceVersion, so a concurrent write makes this a 409 Conflict (which kubectl apply retries).
     */
    private MockResponse strategicMergePatch(RecordedRequest request, String path) {
        String objectPath = path.replaceAll("/(status|scale)$", "");
        MockResponse current = crud.handleGet(objectPath);
        if (current.code() != 200) {
            return current;
        }
        JsonNode patched;
        try {
            JsonNode patch = JSON.readTree(request.getUtf8Body());
            if (patch == null || !patch.isObject()) {
                return status(400, "BadRequest", "a strategic merge patch must be a JSON object");
            }
            patched = StrategicMergePatch.apply(JSON.readTree(current.getBody().readUtf8()), patch);
        } catch (JsonProcessingException e) {
            return status(400, "BadRequest", "the strategic merge patch is not JSON: " + e.getOriginalMessage());
        }
        byte[] body = patched.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, request.getHeaders(),
                new Buffer(body)));
    }

    /**
     * Server-side apply, which fabric8's CRUD dispatcher does not know: creates the object or merges the applied
     * configuration into it ({@link ServerSideApply}), then stores it through the CRUD dispatcher (a POST, or a PUT
     * carrying the read resourceVersion; a concurrent write makes it read and apply again). One request, as on a
     * real API server, where clients used to need a 404 and a create.
     */
    private MockResponse serverSideApply(RecordedRequest request, String path, String query) {
        Map<String, String> parameters = parameters(query);
        String manager = parameters.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
            return status(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        boolean force = "true".equals(parameters.get("force"));
        boolean dryRun = parameters.containsKey("dryRun");
        ObjectNode applied;
        try {
            JsonNode body = Serialization.unmarshal(request.getUtf8Body(), JsonNode.class);
            if (!(body instanceof ObjectNode object)) {
                return status(400, "BadRequest", "an apply patch must be an object");
            }
            applied = object;
        } catch (RuntimeException e) {
            return status(400, "BadRequest", "the apply patch is neither JSON nor YAML: " + e.getMessage());
        }
        boolean statusPath = path.endsWith("/status");
        String objectPath = statusPath ? path.substring(0, path.length() - "/status".length()) : path;
        String name = objectPath.substring(objectPath.lastIndexOf('/') + 1);
        if (applied.path("apiVersion").asText().isEmpty() || applied.path("kind").asText().isEmpty()) {
            return status(400, "BadRequest", "an apply patch needs apiVersion and kind");
        }
        String appliedName = applied.path("metadata").path("name").asText();
        if (!appliedName.isEmpty() && !appliedName.equals(name)) {
            return status(400, "BadRequest", "the name of the object (" + appliedName
                    + ") does not match the name on the URL (" + name + ")");
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            MockResponse current = crud.handleGet(objectPath);
            ObjectNode live = null;
            if (current.code() == 200) {
                try {
                    live = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("The mock server stored an object that is not JSON", e);
                }
            } else if (current.code() != 404 || statusPath) {
                return current;
            }
            ServerSideApply.Result result = ServerSideApply.apply(live, applied, manager, force, java.time.Instant.now());
            if (result.refused()) {
                return status(409, "Conflict", "Apply failed with " + result.conflicts().size() + " conflict"
                        + (result.conflicts().size() == 1 ? "" : "s") + ": " + String.join("; ", result.conflicts()));
            }
            if (live != null && !result.changed() || dryRun) {
                return new MockResponse().setResponseCode(live == null ? 201 : 200)
                        .setHeader("Content-Type", "application/json").setBody(result.object().toString());
            }
            byte[] body = result.object().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MockResponse stored = live == null
                    ? crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST,
                            objectPath.substring(0, objectPath.lastIndexOf('/')), request.getHeaders(), new Buffer(body)))
                    : crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path,
                            request.getHeaders(), new Buffer(body)));
            if (stored.code() != 409) {
                return stored;
            }
        }
        return status(409, "Conflict", "the object kept changing while it was applied; try again");
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String key = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.put(java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static RecordedRequest withPath(RecordedRequest request, String path) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
                request.getBody());
    }

    private static boolean wantsAggregated(String accept) {
        if (accept == null) {
            return false;
        }
        // the first acceptable type wins, as in content negotiation; kubectl lists v2, v2beta1, then plain JSON
        for (String type : accept.split(",")) {
            List<String> parameters = List.of(type.replace(" ", "").split(";"));
            if (!parameters.contains("as=APIGroupDiscoveryList")) {
                return false;
            }
            if (parameters.contains("g=apidiscovery.k8s.io") && parameters.contains("v=v2")) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode version() {
        return JSON.createObjectNode().put("major", major).put("minor", minor).put("gitVersion", gitVersion)
                .put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
                .put("buildDate", "2026-01-01T00:00:00Z").put("goVersion", "go1.23.0")
                .put("compiler", "gc").put("platform", "linux/amd64");
    }

    private ObjectNode rootPaths() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode paths = root.putArray("paths");
        List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version")
                .forEach(paths::add);
        discovery().all().stream().filter(r -> !r.group().isEmpty())
                .flatMap(r -> java.util.stream.Stream.of("/apis/" + r.group(), r.groupVersionPath())).distinct()
                .forEach(paths::add);
        return root;
    }

    private MockResponse json(JsonNode body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    private static MockResponse aggregated(JsonNode body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", Discovery.AGGREGATED_CONTENT_TYPE)
                .setBody(body.toString());
    }

    private static MockResponse notFound() {
        return status(404, "NotFound", "the server could not find the requested resource");
    }

    private static MockResponse status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        status.putObject("details");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(status.toString());
    }
}
