package io.kindred.ri.model;

import java.util.List;

/**
 * A component taking part in a pod group. {@code groupByKeyPaths} and {@code filters} are jq paths on a pod.
 */
public record PodGroupMember(String componentName, List<String> groupByKeyPaths, List<String> filters) {

    public PodGroupMember {
        groupByKeyPaths = Lists.copy(groupByKeyPaths);
        filters = Lists.copy(filters);
    }
}
