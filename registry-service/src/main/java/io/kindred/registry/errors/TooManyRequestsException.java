package io.kindred.registry.errors;

/**
 * A 429: the caller must slow down. Answered with Run:ai's error body and a {@code Retry-After} header (whole seconds,
 * at least 1) saying when a new request may succeed.
 */
public class TooManyRequestsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, String details, long retryAfterSeconds) {
        super(429, message, details);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
