package io.kindred.scheduleradapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.catalog.BuiltinCatalog;
import io.kindred.ri.catalog.CatalogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test workloads (src/test/resources/workloads) and the built-in catalog's compiled RIs. */
public final class Workloads {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Workloads() {
    }

    public static ObjectNode object(String file) {
        try (InputStream in = Workloads.class.getResourceAsStream("/workloads/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test workload " + file);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CatalogEntry type(String kind) {
        return BuiltinCatalog.load().stream().filter(e -> e.name().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in type " + kind));
    }

    public static CompiledResourceInterface ri(String kind) {
        return CompiledResourceInterface.compile(type(kind).versions().get(0).spec());
    }

    public static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText();
    }
}
