package io.kindred.registry.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Run:ai's {@code Error} schema: every non-2xx answer of the API carries this body, so Run:ai clients that read
 * {@code code}/{@code message} keep working. {@code details} is optional and left out when there is nothing to add.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int code, String message, String details) {

    public static ErrorBody of(int code, String message) {
        return new ErrorBody(code, message, null);
    }
}
