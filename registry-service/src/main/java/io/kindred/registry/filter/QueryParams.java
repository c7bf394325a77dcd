package io.kindred.registry.filter;

import io.kindred.registry.errors.ApiException;
import java.util.Locale;

/**
 * Strict reading of the scalar query parameters. JAX-RS would answer a 404 for a query value it cannot convert;
 * the API answers a 400 naming the parameter instead.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static boolean booleanParam(String name, String value, boolean defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("Invalid " + name + " '" + value + "': expected true or false");
        };
    }

    /** @return true for descending order */
    public static boolean sortOrderDescending(String value) {
        if (value == null || value.isEmpty() || value.equals("asc")) {
            return false;
        }
        if (value.equals("desc")) {
            return true;
        }
        throw ApiException.badRequest("Invalid sortOrder '" + value + "': expected asc or desc");
    }
}
