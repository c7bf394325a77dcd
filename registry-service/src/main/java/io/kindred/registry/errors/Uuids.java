package io.kindred.registry.errors;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict UUID reading. {@link UUID#fromString} accepts oddities such as "1-1-1-1-1"; the API accepts only the
 * canonical 8-4-4-4-12 hexadecimal form that it hands out, and answers a 400 naming the field otherwise.
 */
public final class Uuids {

    private static final Pattern CANONICAL = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Uuids() {
    }

    public static Optional<UUID> parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text));
    }

    /** @throws ApiException 400 "&lt;field&gt; '…' is not a valid UUID" */
    public static UUID require(String text, String field) {
        return parse(text).orElseThrow(() -> ApiException.badRequest(
                field + " '" + text + "' is not a valid UUID"));
    }
}
