package io.kindred.devstack.kubernetes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the API server serves at one moment: the built-in resources plus every served version of every
 * CustomResourceDefinition in the store, rendered as the discovery documents kubectl and client libraries read —
 * the legacy ones ({@code /api}, {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>}) and the
 * aggregated {@code apidiscovery.k8s.io/v2} lists kubectl asks for first.
 */
final class Discovery {

    static final String AGGREGATED_CONTENT_TYPE =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /** group → version → resources, groups in the order they are served (built-ins first). */
    private final Map<String, Map<String, List<ApiResource>>> groups = new LinkedHashMap<>();

    private Discovery() {
    }

    /** @param crds the items of a CustomResourceDefinitionList */
    static Discovery of(List<ApiResource> builtins, Iterable<JsonNode> crds) {
        Discovery discovery = new Discovery();
        builtins.forEach(discovery::add);
        List<ApiResource> custom = new ArrayList<>();
        for (JsonNode crd : crds) {
            custom.addAll(fromCrd(crd));
        }
        custom.sort(Comparator.comparing(ApiResource::group).thenComparing(ApiResource::plural));
        custom.forEach(discovery::add);
        discovery.groups.replaceAll((group, versions) -> sortVersions(versions));
        return discovery;
    }

    private void add(ApiResource resource) {
        groups.computeIfAbsent(resource.group(), g -> new LinkedHashMap<>())
                .computeIfAbsent(resource.version(), v -> new ArrayList<>())
                .add(resource);
    }

    /** The resources one served version of a CRD adds. */
    static List<ApiResource> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String group = spec.path("group").asText("");
        String kind = names.path("kind").asText("");
        String plural = names.path("plural").asText("");
        if (group.isEmpty() || kind.isEmpty() || plural.isEmpty()) {
            return List.of(); // the store accepts anything; an incomplete CRD serves nothing, as on a real server
        }
        String singular = names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT));
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
        List<ApiResource> resources = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            List<String> subresources = new ArrayList<>();
            if (version.path("subresources").has("status")) {
                subresources.add("status");
            }
            if (version.path("subresources").has("scale")) {
                subresources.add("scale");
            }
            resources.add(new ApiResource(group, version.path("name").asText(), kind, plural, singular, namespaced,
                    texts(names.path("shortNames")), texts(names.path("categories")), subresources));
        }
        return resources;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Kubernetes version priority: GA before beta before alpha, higher numbers first, others alphabetically last. */
    static final Comparator<String> VERSION_PRIORITY = (a, b) -> {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka == kb ? a.compareTo(b) : (ka ? -1 : 1);
        }
        int stage = Integer.compare(stage(ma.group(2)), stage(mb.group(2)));
        if (stage != 0) {
            return -stage;
        }
        int major = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
        if (major != 0) {
            return -major;
        }
        return ma.group(3) == null ? 0 : -Integer.compare(Integer.parseInt(ma.group(3)), Integer.parseInt(mb.group(3)));
    };

    private static int stage(String qualifier) {
        if (qualifier == null) {
            return 2;
        }
        return "beta".equals(qualifier) ? 1 : 0;
    }

    private static Map<String, List<ApiResource>> sortVersions(Map<String, List<ApiResource>> versions) {
        Map<String, List<ApiResource>> sorted = new LinkedHashMap<>();
        versions.keySet().stream().sorted(VERSION_PRIORITY).forEach(v -> sorted.put(v, versions.get(v)));
        return sorted;
    }

    /** The resources of one group version, if it is served. */
    Optional<List<ApiResource>> resources(String group, String version) {
        return Optional.ofNullable(groups.get(group)).map(versions -> versions.get(version));
    }

    boolean servesGroup(String group) {
        return !group.isEmpty() && groups.containsKey(group);
    }

    /** Every served resource, built-ins first. */
    List<ApiResource> all() {
        List<ApiResource> all = new ArrayList<>();
        groups.values().forEach(versions -> versions.values().forEach(all::addAll));
        return all;
    }

    // --- legacy discovery ---

    /** {@code GET /api}. */
    ObjectNode apiVersions(String serverAddress) {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIVersions");
        root.putArray("versions").add("v1");
        root.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return root;
    }

    /** {@code GET /apis}. */
    ObjectNode apiGroupList() {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode list = root.putArray("groups");
        groups.keySet().stream().filter(group -> !group.isEmpty()).forEach(group -> list.add(apiGroup(group, false)));
        return root;
    }

    /** {@code GET /apis/<group>}. */
    ObjectNode apiGroup(String group, boolean topLevel) {
        ObjectNode node = JSON.createObjectNode();
        if (topLevel) {
            node.put("kind", "APIGroup").put("apiVersion", "v1");
        }
        node.put("name", group);
        ArrayNode versions = node.putArray("versions");
        groups.get(group).keySet().forEach(version -> versions.addObject()
                .put("groupVersion", group + "/" + version).put("version", version));
        node.set("preferredVersion", versions.get(0).deepCopy());
        return node;
    }

    /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}. */
    ObjectNode apiResourceList(String group, String version) {
        List<ApiResource> resources = resources(group, version).orElseThrow();
        ObjectNode root = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", resources.get(0).groupVersion());
        ArrayNode list = root.putArray("resources");
        for (ApiResource resource : resources) {
            ObjectNode node = list.addObject().put("name", resource.plural())
                    .put("singularName", resource.singular()).put("namespaced", resource.namespaced())
                    .put("kind", resource.kind());
            verbsAndNames(node, resource);
            for (String subresource : resource.subresources()) {
                ObjectNode sub = list.addObject().put("name", resource.plural() + "/" + subresource)
                        .put("singularName", "").put("namespaced", resource.namespaced())
                        .put("kind", subresourceKind(resource, subresource));
                if ("scale".equals(subresource)) {
                    sub.put("group", "autoscaling").put("version", "v1");
                }
                strings(sub.putArray("verbs"), ApiResource.SUBRESOURCE_VERBS);
            }
        }
        return root;
    }

    // --- aggregated discovery (apidiscovery.k8s.io/v2) ---

    /** {@code GET /api} (core group only) or {@code GET /apis} (every other group) as an APIGroupDiscoveryList. */
    ObjectNode aggregated(boolean core) {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIGroupDiscoveryList")
                .put("apiVersion", "apidiscovery.k8s.io/v2");
        root.putObject("metadata");
        ArrayNode items = root.putArray("items");
        groups.forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versionList = item.putArray("versions");
            versions.forEach((version, resources) -> {
                ObjectNode versionNode = versionList.addObject().put("version", version).put("freshness", "Current");
                ArrayNode resourceList = versionNode.putArray("resources");
                for (ApiResource resource : resources) {
                    ObjectNode node = resourceList.addObject().put("resource", resource.plural());
                    gvk(node.putObject("responseKind"), resource.group(), resource.version(), resource.kind());
                    node.put("scope", resource.namespaced() ? "Namespaced" : "Cluster")
                            .put("singularResource", resource.singular());
                    verbsAndNames(node, resource);
                    if (!resource.subresources().isEmpty()) {
                        ArrayNode subs = node.putArray("subresources");
                        for (String subresource : resource.subresources()) {
                            ObjectNode sub = subs.addObject().put("subresource", subresource);
                            if ("scale".equals(subresource)) {
                                gvk(sub.putObject("responseKind"), "autoscaling", "v1", "Scale");
                            } else {
                                gvk(sub.putObject("responseKind"), resource.group(), resource.version(),
                                        resource.kind());
                            }
                            strings(sub.putArray("verbs"), ApiResource.SUBRESOURCE_VERBS);
                        }
                    }
                }
            });
        });
        return root;
    }

    private static void verbsAndNames(ObjectNode node, ApiResource resource) {
        strings(node.putArray("verbs"), ApiResource.VERBS);
        if (!resource.shortNames().isEmpty()) {
            strings(node.putArray("shortNames"), resource.shortNames());
        }
        if (!resource.categories().isEmpty()) {
            strings(node.putArray("categories"), resource.categories());
        }
    }

    private static String subresourceKind(ApiResource resource, String subresource) {
        return "scale".equals(subresource) ? "Scale" : resource.kind();
    }

    private static void gvk(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
