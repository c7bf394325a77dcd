package io.kindred.ri.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A concrete location in a JSON tree: object field names ({@link String}) and array indexes ({@link Integer}),
 * from the root down — what jq's {@code path(f)} yields, after negative indexes are resolved.
 */
public record TreePath(List<Object> segments) {

    public TreePath {
        for (Object segment : segments) {
            if (!(segment instanceof String) && !(segment instanceof Integer)) {
                throw new IllegalArgumentException("a path segment is a field name or an array index, found " + segment);
            }
        }
        segments = List.copyOf(segments);
    }

    public static final TreePath ROOT = new TreePath(List.of());

    /** This path followed by more segments. */
    public TreePath then(Object... more) {
        List<Object> all = new ArrayList<>(segments);
        all.addAll(List.of(more));
        return new TreePath(all);
    }

    /** The node at this path, or {@code null} when it does not exist. */
    public JsonNode get(JsonNode root) {
        JsonNode current = root;
        for (Object segment : segments) {
            if (current == null) {
                return null;
            }
            current = segment instanceof String field ? current.get(field) : current.get((Integer) segment);
        }
        return current;
    }

    /**
     * The object at this path in {@code root}, creating it and any missing (absent or {@code null}) object along the
     * way. Array elements are never created.
     *
     * @throws IllegalStateException naming the location when something other than an object or array is in the
     *                               way, or an array index is out of range
     */
    public ObjectNode objectIn(ObjectNode root) {
        JsonNode current = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            JsonNode next;
            if (segment instanceof String field) {
                if (!(current instanceof ObjectNode object)) {
                    throw new IllegalStateException(describe(current) + " at " + prefix(i) + " where an object was expected");
                }
                next = object.get(field);
                if (next == null || next.isNull()) {
                    next = object.putObject(field);
                }
            } else {
                int index = (Integer) segment;
                if (!(current instanceof ArrayNode array)) {
                    throw new IllegalStateException(describe(current) + " at " + prefix(i) + " where an array was expected");
                }
                if (index < 0 || index >= array.size()) {
                    throw new IllegalStateException("index " + index + " is outside the array at " + prefix(i)
                            + " (" + array.size() + " elements)");
                }
                next = array.get(index);
                if (next.isNull()) {
                    next = JsonNodeFactory.instance.objectNode();
                    array.set(index, next);
                }
            }
            current = next;
        }
        if (!(current instanceof ObjectNode object)) {
            throw new IllegalStateException(describe(current) + " at " + this + " where an object was expected");
        }
        return object;
    }

    private static String describe(JsonNode node) {
        return "found " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private String prefix(int length) {
        return new TreePath(segments.subList(0, length)).toString();
    }

    /** jq syntax: {@code .spec.services["Frontend"].labels}, {@code .spec.replicatedJobs[0]}, {@code .} for the root. */
    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                String field = (String) segment;
                if (field.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    sb.append('.').append(field);
                } else {
                    sb.append("[").append(JsonNodeFactory.instance.textNode(field)).append("]");
                }
            }
        }
        return sb.toString();
    }
}
