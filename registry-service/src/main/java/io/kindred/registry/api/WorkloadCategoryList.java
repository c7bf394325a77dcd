package io.kindred.registry.api;

import java.util.List;

/** Response of GET /api/v1/workload-categories. */
public record WorkloadCategoryList(List<WorkloadCategory> categories) {
}
