package io.kindred.ri.update;

/**
 * One place pods come from: a leaf component and one of its instances ({@code ""} for the single instance of a
 * component without instanceIdPath).
 */
public record StampTarget(String component, String instanceId) {
}
