package io.kindred.registry.api;

import java.util.List;

/** Response of GET /api/v1/workload-types. */
public record WorkloadTypeList(List<WorkloadTypeConfig> types) {
}
