package io.kindred.registry.api;

import java.util.List;

/** Response of GET /api/v1/workload-priorities. */
public record WorkloadPriorityList(List<WorkloadPriority> priorities) {
}
