package io.kindred.registry.workloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kindred.registry.errors.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the manifest of a Workloads V2 request: {@code manifest} (JSON) or {@code manifestBase64Encoded} (YAML in
 * base64), never both. Every problem is reported at its request field.
 */
final class Manifests {

    /** Run:ai's limit on manifestBase64Encoded, also applied to the JSON text of manifest. */
    static final int MAX_CHARACTERS = 2_097_152;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = yamlMapper();

    private Manifests() {
    }

    private static YAMLMapper yamlMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARACTERS * 2);
        options.setMaxAliasesForCollections(50); // no billion-laughs expansion
        return new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /**
     * @param required false for an update, where neither field means "manifest unchanged"
     * @return the manifest as a JSON object, or null when there is none or it is not usable (then {@code problems}
     *         says why, unless none was required and none was given)
     */
    static ObjectNode read(JsonNode manifest, String base64, boolean required, List<Problem> problems) {
        boolean hasJson = manifest != null && !manifest.isNull();
        boolean hasBase64 = base64 != null;
        if (hasJson && hasBase64) {
            problems.add(new Problem("manifestBase64Encoded", "manifest and manifestBase64Encoded are mutually exclusive: "
                    + "send exactly one of them"));
            return null;
        }
        if (!hasJson && !hasBase64) {
            if (required) {
                problems.add(new Problem("manifest", "is required: send the Kubernetes manifest as manifest (JSON) or "
                        + "manifestBase64Encoded (YAML, base64)"));
            }
            return null;
        }
        return hasJson ? fromJson(manifest, problems) : fromBase64(base64, problems);
    }

    private static ObjectNode fromJson(JsonNode manifest, List<Problem> problems) {
        if (!manifest.isObject()) {
            problems.add(new Problem("manifest", "must be a JSON object (a Kubernetes manifest), not " + manifest.getNodeType()));
            return null;
        }
        int length = manifest.toString().length();
        if (length > MAX_CHARACTERS) {
            problems.add(new Problem("manifest", "is " + length + " characters as JSON; at most " + MAX_CHARACTERS));
            return null;
        }
        return (ObjectNode) manifest;
    }

    private static ObjectNode fromBase64(String base64, List<Problem> problems) {
        if (base64.length() > MAX_CHARACTERS) {
            problems.add(new Problem("manifestBase64Encoded", "is " + base64.length() + " characters; at most "
                    + MAX_CHARACTERS));
            return null;
        }
        byte[] yaml;
        try {
            yaml = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("manifestBase64Encoded", "is not valid base64: " + e.getMessage()));
            return null;
        }
        JsonNode parsed;
        try {
            parsed = YAML.readTree(new String(yaml, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            problems.add(new Problem("manifestBase64Encoded", "is not a YAML document: " + e.getOriginalMessage()));
            return null;
        }
        if (parsed == null || !parsed.isObject()) {
            problems.add(new Problem("manifestBase64Encoded", "must decode to one YAML mapping (a Kubernetes manifest)"));
            return null;
        }
        return (ObjectNode) parsed;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored manifest is not JSON", e);
        }
    }
}
