package io.kindred.ri;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON into a Jackson tree with limits that make hostile input harmless: a byte cap, a nesting cap,
 * no YAML aliases to speak of, no duplicate keys, a single document.
 */
final class Documents {

    /** Deepest nesting accepted; real RIs and Kubernetes objects stay far below. */
    static final int MAX_NESTING_DEPTH = 100;
    /**
     * SnakeYAML's own cap on aliases to collections (the "billion laughs" vector): a second line of defence, since
     * {@code rejectAliases} refuses every alias before the document is read.
     */
    static final int MAX_YAML_ALIASES = 20;

    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(constraints())
            .build());
    private static final ObjectMapper YAML;

    static {
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        loader.setAllowRecursiveKeys(false);
        loader.setNestingDepthLimit(MAX_NESTING_DEPTH);
        // the byte cap is checked before parsing; this is a second line of defence for char input
        loader.setCodePointLimit(Integer.MAX_VALUE);
        YAML = new ObjectMapper(YAMLFactory.builder()
                .loaderOptions(loader)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(constraints())
                .build());
    }

    private Documents() {
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    }

    /** A mapper for writing compact JSON. */
    static ObjectMapper json() {
        return JSON;
    }

    /**
     * Parses one YAML or JSON document. Text whose first non-blank character is '{' or '[' is read as JSON (better
     * error messages), anything else as YAML.
     *
     * @param what what the document is, for error messages ("RI", "object")
     */
    static JsonNode read(byte[] bytes, int maxBytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new RiParseException(null, "the " + what + " document is empty");
        }
        if (bytes.length > maxBytes) {
            throw new RiParseException(null, "the " + what + " document is " + bytes.length
                    + " bytes; at most " + maxBytes + " bytes are accepted");
        }
        boolean json = looksLikeJson(bytes);
        ObjectMapper mapper = json ? JSON : YAML;
        if (!json) {
            rejectAliases(bytes, what);
        }
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RiParseException(null, "the " + what + " document is empty");
            }
            JsonNode tree = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new RiParseException(null, json ? "unexpected content after the end of the JSON document"
                        : "the " + what + " file holds more than one YAML document; give exactly one",
                        at.getLineNr(), json ? at.getColumnNr() : -1, null);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new RiParseException(null, "the " + what + " document is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml) {
                throw yamlError(yaml, e);
            }
            JsonLocation location = e.getLocation();
            throw new RiParseException(null, (json ? "invalid JSON: " : "invalid YAML: ") + e.getOriginalMessage(),
                    location == null ? -1 : location.getLineNr(), location == null ? -1 : location.getColumnNr(), e);
        } catch (IOException e) {
            throw new RiParseException(null, "cannot read the " + what + " document: " + e.getMessage(), -1, -1, e);
        } catch (RuntimeException e) {
            if (e instanceof RiParseException) {
                throw e;
            }
            // SnakeYAML reports its own limits (aliases, nesting) as unchecked exceptions
            throw new RiParseException(null, "invalid YAML: " + e.getMessage(), -1, -1, e);
        }
    }

    /**
     * Jackson hands a YAML alias ({@code *name}) over as the string "name" instead of the anchored content, which
     * would silently change the document's meaning; RIs have no use for anchors, so aliases are refused.
     */
    private static void rejectAliases(byte[] bytes, String what) {
        try (YAMLParser parser = (YAMLParser) YAML.createParser(bytes)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    JsonLocation location = parser.currentTokenLocation();
                    throw new RiParseException(null, "YAML aliases (*" + parser.getText() + ") are not supported in the "
                            + what + " document; write the content out", location.getLineNr(), location.getColumnNr(), null);
                }
            }
        } catch (JsonProcessingException e) {
            // syntax errors are reported, with a better message, by the real parse that follows
        } catch (IOException e) {
            throw new RiParseException(null, "cannot read the " + what + " document: " + e.getMessage(), -1, -1, e);
        }
    }

    /** SnakeYAML's messages span several lines with excerpts; keep the problem, the position and the context. */
    private static RiParseException yamlError(MarkedYAMLException yaml, Exception original) {
        Mark mark = yaml.getProblemMark();
        StringBuilder message = new StringBuilder("invalid YAML: ").append(oneLine(yaml.getProblem()));
        if (yaml.getContext() != null) {
            message.append(" (").append(oneLine(yaml.getContext()));
            Mark contextMark = yaml.getContextMark();
            if (contextMark != null) {
                message.append(" that starts at line ").append(contextMark.getLine() + 1)
                        .append(", column ").append(contextMark.getColumn() + 1);
            }
            message.append(')');
        }
        return new RiParseException(null, message.toString(),
                mark == null ? -1 : mark.getLine() + 1, mark == null ? -1 : mark.getColumn() + 1, original);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    private static boolean looksLikeJson(byte[] bytes) {
        int i = 0;
        // UTF-8 byte order mark
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }
}
