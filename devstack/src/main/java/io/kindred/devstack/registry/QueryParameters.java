package io.kindred.devstack.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads path and query parameters; a malformed one is a 400 naming it. */
final class QueryParameters {

    private QueryParameters() {
    }

    static String groupId(String raw) {
        return raw == null || raw.isEmpty() ? RegistryStore.DEFAULT_GROUP : raw;
    }

    static long parseId(String raw, String field) {
        try {
            long id = Long.parseLong(raw);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw RegistryProblem.badRequest(field + " must be a non-negative integer, was '" + raw + "'");
        }
    }

    static int parseNonNegative(String raw, String field, int defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw RegistryProblem.badRequest(field + " must be a non-negative integer, was '" + raw + "'");
        }
    }

    static boolean parseBoolean(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw RegistryProblem.badRequest(field + " must be true or false, was '" + raw + "'");
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String raw, String field, E defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.badRequest(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", was '" + raw + "'");
        }
    }

    static String decodeQuery(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryProblem.badRequest("Malformed query string: " + text);
        }
    }
}
