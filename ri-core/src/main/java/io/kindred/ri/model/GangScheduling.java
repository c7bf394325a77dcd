package io.kindred.ri.model;

import java.util.List;

/** Gang-scheduling instructions: the pod groups, in definition order. */
public record GangScheduling(List<PodGroupDefinition> podGroups) {

    public GangScheduling {
        podGroups = Lists.copy(podGroups);
    }
}
