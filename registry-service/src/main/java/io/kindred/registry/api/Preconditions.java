package io.kindred.registry.api;

import io.kindred.registry.errors.ApiException;

/**
 * Reads an If-Match header holding one of the ETags this API issues ({@code "<version>"}). Run:ai clients do not
 * send it; it lets careful clients turn "read, modify, write" into a safe compare-and-set.
 */
final class Preconditions {

    private Preconditions() {
    }

    /** @return the expected version, or null when there is no condition (absent or *) */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match '" + ifMatch + "' is not an ETag of this API (expected \"<version>\")");
        }
    }
}
