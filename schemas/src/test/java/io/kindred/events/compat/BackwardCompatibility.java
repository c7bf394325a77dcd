package io.kindred.events.compat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Kindred's BACKWARD rule: a consumer on the new schema must read every event written with an older one.
 *
 * <p>Avro's own reader/writer check decides most of it. One case it lets through on purpose: removing a symbol
 * from an enum that has a default is "compatible" for Avro (old data silently reads as the default). For our
 * events that turns e.g. every stored DELETED state into UNDEFINED, so we also reject dropped enum symbols.
 */
public final class BackwardCompatibility {

    private BackwardCompatibility() {
    }

    /**
     * Why {@code reader} cannot read data written with {@code writer}; empty when it can.
     * Each entry names the kind of break and where it is.
     */
    public static List<String> problems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            problems.add(incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                    + incompatibility.getMessage());
        }
        problems.addAll(droppedEnumSymbols(reader, writer));
        return problems;
    }

    private static List<String> droppedEnumSymbols(Schema reader, Schema writer) {
        Map<String, Schema> readerEnums = enumsByFullName(reader);
        List<String> problems = new ArrayList<>();
        for (Schema writerEnum : enumsByFullName(writer).values()) {
            Schema readerEnum = readerEnums.get(writerEnum.getFullName());
            // Without a default Avro already reports MISSING_ENUM_SYMBOLS; only the lenient case is ours.
            if (readerEnum == null || readerEnum.getEnumDefault() == null) {
                continue;
            }
            Set<String> dropped = new TreeSet<>(writerEnum.getEnumSymbols());
            dropped.removeAll(readerEnum.getEnumSymbols());
            if (!dropped.isEmpty()) {
                problems.add("DROPPED_ENUM_SYMBOLS at " + writerEnum.getFullName() + ": " + dropped
                        + " would be read as '" + readerEnum.getEnumDefault()
                        + "'; enum symbols may be added, never removed or renamed");
            }
        }
        return problems;
    }

    private static Map<String, Schema> enumsByFullName(Schema root) {
        Map<String, Schema> enums = new LinkedHashMap<>();
        collectEnums(root, enums, new IdentityHashMap<>());
        return enums;
    }

    private static void collectEnums(Schema schema, Map<String, Schema> enums, Map<Schema, Boolean> visited) {
        if (visited.put(schema, Boolean.TRUE) != null) {
            return; // recursive and repeated named types are walked once
        }
        switch (schema.getType()) {
            case ENUM -> enums.put(schema.getFullName(), schema);
            case RECORD -> schema.getFields().forEach(field -> collectEnums(field.schema(), enums, visited));
            case ARRAY -> collectEnums(schema.getElementType(), enums, visited);
            case MAP -> collectEnums(schema.getValueType(), enums, visited);
            case UNION -> schema.getTypes().forEach(branch -> collectEnums(branch, enums, visited));
            default -> {
                // primitives and fixed carry no enum
            }
        }
    }
}
