package io.kindred.scheduleradapter.gang;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a workload's PodGroups are named after. Normally the root's UID; a workload submitted through Workloads V2
 * gets its PodGroups before its object exists, so it is named after its workload id, which the adapter stamps on the
 * object as the label {@value #WORKLOAD_ID_LABEL}. The status path and the pod binding read that label from the
 * root, so all three name the same groups.
 */
public final class GangKey {

    /** Label on an object applied through Workloads V2: its workload id. */
    public static final String WORKLOAD_ID_LABEL = "kindred.io/workload-id";

    private GangKey() {
    }

    /**
     * @param root the root object, or {@code null} when it is not known
     * @param uid  the root's UID
     */
    public static String of(JsonNode root, String uid) {
        if (root != null) {
            JsonNode id = root.path("metadata").path("labels").path(WORKLOAD_ID_LABEL);
            if (id.isTextual() && !id.asText().isBlank()) {
                return id.asText();
            }
        }
        return uid;
    }
}
