package io.kindred.ri.status;

/**
 * A condition read from a workload through the RI's conditionsDefinition. Non-string values are turned into text
 * as jq's tostring does; {@code reason} and {@code message} are {@code null} when absent.
 */
public record RiCondition(String type, String status, String reason, String message) {
}
