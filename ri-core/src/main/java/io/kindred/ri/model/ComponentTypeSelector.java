package io.kindred.ri.model;

/**
 * Whether a pod belongs to a component type: {@code keyPath} evaluated on the pod equals {@code value}, or, without
 * a value, yields a non-null result.
 */
public record ComponentTypeSelector(String keyPath, String value) {
}
