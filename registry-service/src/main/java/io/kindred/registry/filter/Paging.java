package io.kindred.registry.filter;

import io.kindred.registry.errors.ApiException;
import java.util.List;

/** Run:ai's offset/limit paging: limit 1…500 (default 50), offset ≥ 0; {@code next} is absent on the last page. */
public record Paging(int offset, int limit) {

    public static Paging of(String offset, String limit) {
        int from = parse("offset", offset, 0);
        int size = parse("limit", limit, 50);
        if (from < 0) {
            throw ApiException.badRequest("Invalid offset '" + offset + "': must be 0 or more");
        }
        if (size < 1 || size > 500) {
            throw ApiException.badRequest("Invalid limit '" + limit + "': must be between 1 and 500");
        }
        return new Paging(from, size);
    }

    private static int parse(String name, String value, int defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " '" + value + "': expected an integer");
        }
    }

    public <T> List<T> page(List<T> all) {
        return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
    }

    /** The offset of the next page, or null when this one is the last. */
    public Integer next(int total) {
        return offset + limit < total ? offset + limit : null;
    }
}
