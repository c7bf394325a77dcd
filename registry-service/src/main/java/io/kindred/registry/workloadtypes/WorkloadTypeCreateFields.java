package io.kindred.registry.workloadtypes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Run:ai's WorkloadTypeCreateFields (POST body). Ids are read as text and checked by hand so a malformed UUID is
 * a 400 naming the field; each Resource Interface is free-form JSON checked by ri-core.
 */
public record WorkloadTypeCreateFields(
        String name,
        String group,
        String categoryId,
        String priorityId,
        List<JsonNode> resourceInterfaces,
        String preemptibility) {
}
