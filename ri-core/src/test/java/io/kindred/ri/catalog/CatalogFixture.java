package io.kindred.ri.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kindred.ri.status.RiState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One fixture of the built-in catalog: a workload object at a moment of its life, what its RI must say about it, and
 * optionally pods of it with where they must land.
 *
 * <p>Fixtures live in {@code src/test/resources/catalog-fixtures/<catalog file stem>/<NN>-<short-name>.yaml}:
 * <pre>
 * description: "what moment of the lifecycle this is"
 * object: { the workload object as the controller writes it }
 * expect:
 *   state: Initializing|Running|Degraded|Completed|Failed|Undefined
 *   matchedStatuses: [Running]            # optional: the exact list, in matching order
 *   podGroups:                            # optional: the exact list
 *     - {name: job, minMember: 3, members: [pytorchjob]}
 * pods:                                   # optional
 *   - description: "worker 1"
 *     pod: { the pod }
 *     expect: {component: worker, instanceId: "", podGroup: job, groupKeys: [my-job], minMember: 3}
 * </pre>
 * Unknown keys are errors, so that a misspelt expectation cannot silently go unchecked.
 */
record CatalogFixture(
        String stem,
        String fileName,
        String description,
        JsonNode object,
        RiState state,
        List<String> matchedStatuses,
        List<ExpectedPodGroup> podGroups,
        List<PodCase> pods) {

    /** Classpath folder of the fixtures. */
    static final String FOLDER = "catalog-fixtures";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A pod group the object must produce. */
    record ExpectedPodGroup(String name, long minMember, List<String> members) {
    }

    /**
     * A pod and the parts of its resolution that are checked; an absent part is not checked. {@code instanceId} ""
     * means "no instance".
     */
    record PodCase(String description, JsonNode pod, Map<String, JsonNode> expect) {
    }

    /** Every fixture folder, by catalog file stem, each with its fixture files in name order (not yet read). */
    static Map<String, List<Path>> files() {
        Map<String, List<Path>> byStem = new TreeMap<>();
        try (Stream<Path> folders = Files.list(root())) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    byStem.put(folder.getFileName().toString(),
                            files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byStem;
    }

    /**
     * Every fixture, read, by catalog file stem.
     *
     * @throws IllegalArgumentException naming the file, for the first fixture that cannot be read
     */
    static Map<String, List<CatalogFixture>> all() {
        Map<String, List<CatalogFixture>> byStem = new TreeMap<>();
        files().forEach((stem, paths) -> byStem.put(stem, paths.stream().map(p -> read(stem, p)).toList()));
        return byStem;
    }

    private static Path root() {
        URL url = CatalogFixture.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException(FOLDER + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CatalogFixture read(String stem, Path file) {
        String name = file.getFileName().toString();
        String where = stem + "/" + name;
        JsonNode doc;
        try {
            doc = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException(where + ": a fixture must be a YAML object");
        }
        onlyKeys(doc, where, Set.of("description", "object", "expect", "pods"));
        String description = requiredText(doc, "description", where);
        JsonNode object = doc.get("object");
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException(where + ": object must be the workload object");
        }
        JsonNode expect = doc.get("expect");
        if (expect == null || !expect.isObject()) {
            throw new IllegalArgumentException(where + ": expect is required");
        }
        onlyKeys(expect, where + " expect", Set.of("state", "matchedStatuses", "podGroups"));
        RiState state = RiState.fromDisplayName(requiredText(expect, "state", where + " expect"));
        List<String> matched = null;
        if (expect.has("matchedStatuses")) {
            matched = new ArrayList<>();
            for (JsonNode s : expect.get("matchedStatuses")) {
                matched.add(RiState.fromDisplayName(s.asText()).displayName());
            }
        }
        List<ExpectedPodGroup> podGroups = null;
        if (expect.has("podGroups")) {
            podGroups = new ArrayList<>();
            for (JsonNode g : expect.get("podGroups")) {
                onlyKeys(g, where + " expect.podGroups", Set.of("name", "minMember", "members"));
                List<String> members = new ArrayList<>();
                g.path("members").forEach(m -> members.add(m.asText()));
                if (!g.path("minMember").canConvertToLong()) {
                    throw new IllegalArgumentException(where + ": expect.podGroups[].minMember must be an integer");
                }
                podGroups.add(new ExpectedPodGroup(requiredText(g, "name", where + " expect.podGroups"),
                        g.get("minMember").longValue(), List.copyOf(members)));
            }
        }
        List<PodCase> pods = new ArrayList<>();
        if (doc.has("pods")) {
            for (JsonNode p : doc.get("pods")) {
                onlyKeys(p, where + " pods", Set.of("description", "pod", "expect"));
                JsonNode pod = p.get("pod");
                if (pod == null || !pod.isObject()) {
                    throw new IllegalArgumentException(where + ": pods[].pod must be a pod object");
                }
                JsonNode podExpect = p.get("expect");
                if (podExpect == null || !podExpect.isObject()) {
                    throw new IllegalArgumentException(where + ": pods[].expect is required");
                }
                onlyKeys(podExpect, where + " pods[].expect",
                        Set.of("component", "instanceId", "replicaKey", "podGroup", "groupKeys", "minMember"));
                Map<String, JsonNode> checks = new LinkedHashMap<>();
                podExpect.fields().forEachRemaining(e -> checks.put(e.getKey(), e.getValue()));
                pods.add(new PodCase(requiredText(p, "description", where + " pods"), pod, checks));
            }
        }
        return new CatalogFixture(stem, name, description, object, state,
                matched == null ? null : List.copyOf(matched), podGroups == null ? null : List.copyOf(podGroups),
                List.copyOf(pods));
    }

    private static void onlyKeys(JsonNode node, String where, Set<String> allowed) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\" (allowed: " + allowed + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": " + key + " is required");
        }
        return value.textValue();
    }
}
