package io.kindred.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Run:ai's WorkloadPriority (the BasePriority fields; per-cluster status is not tracked). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadPriority(String id, String name, int value, String source, Instant createdAt, Instant updatedAt) {
}
