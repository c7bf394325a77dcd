package io.kindred.ri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.model.ResourceInterfaceSpec;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Resource Interface from YAML or JSON and writes it back as canonical JSON.
 *
 * <p>Three envelopes are accepted:
 * <ol>
 *   <li>a full {@code ResourceInterface} object ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec},
 *       {@code status}); when present, apiVersion must be {@value #API_VERSION} and kind {@value #KIND};</li>
 *   <li>a Workload Types API entry {@code {"spec": …}} — the same object without apiVersion and kind;</li>
 *   <li>a bare spec — an object with {@code structureDefinition} at its top.</li>
 * </ol>
 * Field paths in errors are always written from the spec down ({@code spec.structureDefinition…}), whatever the
 * envelope, so that the same mistake gets the same path everywhere.
 *
 * <p>Limits: at most {@value #MAX_DOCUMENT_BYTES} bytes, nesting depth 100, one document, no duplicate keys, and no
 * YAML alias at all: {@code *name} is refused, since Jackson would read it as the string "name" and silently change
 * the document. All methods are thread-safe.
 */
public final class RiParser {

    public static final String API_VERSION = "optimization.nvidia.com/v1alpha1";
    public static final String KIND = "ResourceInterface";
    /** Largest RI document accepted, in bytes. Real RIs are a few KiB. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    private RiParser() {
    }

    /** Parses an RI from YAML or JSON text. */
    public static ResourceInterfaceSpec parse(String yamlOrJson) {
        if (yamlOrJson == null) {
            throw new RiParseException(null, "the RI document is empty");
        }
        return parse(yamlOrJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses an RI from YAML or JSON bytes (UTF-8). */
    public static ResourceInterfaceSpec parse(byte[] yamlOrJson) {
        return parse(Documents.read(yamlOrJson, MAX_DOCUMENT_BYTES, "RI"));
    }

    /** Reads an RI from an already parsed tree, in any of the three envelopes. */
    public static ResourceInterfaceSpec parse(JsonNode document) {
        if (document == null || document.isNull() || document.isMissingNode()) {
            throw new RiParseException(null, "the RI document is empty");
        }
        if (!document.isObject()) {
            throw new RiParseException(null, "an RI must be an object (a ResourceInterface, its spec, or {\"spec\": …}), found "
                    + SpecReader.describe(document));
        }
        if (document.has("structureDefinition")) {
            return SpecReader.spec(document, ResourceInterfaceSpec.SPEC_PATH);
        }
        if (document.has("spec") || document.has("apiVersion") || document.has("kind")) {
            return envelope(document);
        }
        if (document.has("optimizationInstructions")) {
            return SpecReader.spec(document, ResourceInterfaceSpec.SPEC_PATH);
        }
        throw new RiParseException(null, "not a Resource Interface: expected a ResourceInterface object, its spec "
                + "(with structureDefinition), or {\"spec\": …}");
    }

    private static ResourceInterfaceSpec envelope(JsonNode document) {
        SpecReader.requireObject(document, "", "apiVersion", "kind", "metadata", "spec", "status");
        JsonNode apiVersion = document.get("apiVersion");
        if (!SpecReader.absent(apiVersion) && !(apiVersion.isTextual() && API_VERSION.equals(apiVersion.textValue()))) {
            throw new RiParseException("apiVersion", "must be \"" + API_VERSION + "\", found "
                    + (apiVersion.isTextual() ? "\"" + apiVersion.textValue() + "\"" : SpecReader.describe(apiVersion)));
        }
        JsonNode kind = document.get("kind");
        if (!SpecReader.absent(kind) && !(kind.isTextual() && KIND.equals(kind.textValue()))) {
            throw new RiParseException("kind", "must be \"" + KIND + "\", found "
                    + (kind.isTextual() ? "\"" + kind.textValue() + "\"" : SpecReader.describe(kind)));
        }
        JsonNode metadata = document.get("metadata");
        if (!SpecReader.absent(metadata) && !metadata.isObject()) {
            throw new RiParseException("metadata", "must be an object, found " + SpecReader.describe(metadata));
        }
        JsonNode spec = document.get("spec");
        if (SpecReader.absent(spec)) {
            throw new RiParseException(ResourceInterfaceSpec.SPEC_PATH, "required field is missing");
        }
        return SpecReader.spec(spec, ResourceInterfaceSpec.SPEC_PATH);
    }

    /**
     * Reads any YAML or JSON document (for example a workload object) with the same safety limits as an RI.
     *
     * @param maxBytes largest accepted size in bytes
     * @param what     what the document is, for error messages ("object", "pod")
     */
    public static JsonNode readDocument(byte[] yamlOrJson, int maxBytes, String what) {
        return Documents.read(yamlOrJson, maxBytes, what);
    }

    /** The spec as a canonical JSON tree (a new, mutable tree each call). */
    public static ObjectNode toJsonNode(ResourceInterfaceSpec spec) {
        return SpecWriter.spec(spec);
    }

    /**
     * The spec as canonical JSON text: compact, fields in schema order, absent values and empty lists omitted,
     * defaults spelled out. Stable: equal specs give identical text, and {@code parse(toJson(s)).equals(s)}.
     */
    public static String toJson(ResourceInterfaceSpec spec) {
        try {
            return Documents.json().writeValueAsString(SpecWriter.spec(spec));
        } catch (JsonProcessingException e) {
            // a tree of strings, objects and arrays always serializes
            throw new IllegalStateException("cannot serialize an RI spec", e);
        }
    }
}
