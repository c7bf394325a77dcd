package io.kindred.registry.clusterstatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** Run:ai's Condition (schema Condition1): type and status required, the rest optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "status", "message", "reason", "lastTransitionTime" })
public record WorkloadTypeCondition(String type, String status, String message, String reason,
        Instant lastTransitionTime) {
}
