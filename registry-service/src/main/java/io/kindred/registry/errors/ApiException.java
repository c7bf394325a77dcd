package io.kindred.registry.errors;

import java.util.List;

/**
 * A failure the client caused or must know about, answered with {@link ErrorBody} and the given status.
 * Business code throws it (or fails a Uni with it); the REST layer's exception mappers turn it into the response.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String details;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, String details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** A 400 listing every problem found, one "path: message" per line in {@code details}. */
    public static ApiException invalid(String message, List<Problem> problems) {
        return new ApiException(400, message, Problem.describe(problems));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public int status() {
        return status;
    }

    public String details() {
        return details;
    }

    public ErrorBody body() {
        return new ErrorBody(status, getMessage(), details);
    }
}
