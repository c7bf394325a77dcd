package io.kindred.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Run:ai's WorkloadCategory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadCategory(String id, String name, String description, Instant createdAt, String createdBy) {
}
