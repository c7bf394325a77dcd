package io.kindred.ri.model;

/**
 * A condition that must be present with the given type. {@code status} and {@code reason} are checked only when
 * non-empty.
 */
public record ExpectedCondition(String type, String status, String reason) {
}
