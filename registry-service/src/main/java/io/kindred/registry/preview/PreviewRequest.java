package io.kindred.registry.preview;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of POST /api/v1/workload-types/preview: an RI to try ({@code resourceInterface}, in any envelope ri-core
 * accepts) or a registered type ({@code workloadTypeId}), a sample workload object, and optionally a sample pod and
 * the component it belongs to (to skip inferring it).
 */
public record PreviewRequest(JsonNode resourceInterface, String workloadTypeId, JsonNode object, JsonNode pod, String component) {
}
