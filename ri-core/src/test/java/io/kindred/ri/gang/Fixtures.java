package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test inputs: the reference RIs (karta-examples/), realistic workload objects and pods (workloads/), inline YAML. */
public final class Fixtures {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Fixtures() {
    }

    /** A reference example RI, compiled. */
    public static CompiledResourceInterface example(String name) {
        return CompiledResourceInterface.compile(RiParser.parse(resource("/karta-examples/" + name + ".yaml")));
    }

    /** An RI given inline as YAML, compiled. */
    public static CompiledResourceInterface ri(String yaml) {
        return CompiledResourceInterface.compile(RiParser.parse(yaml));
    }

    /** A workload object or pod from workloads/. */
    public static JsonNode workload(String name) {
        return yaml(resource("/workloads/" + name + ".yaml"));
    }

    /** Inline YAML (or JSON) as a tree. */
    public static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
