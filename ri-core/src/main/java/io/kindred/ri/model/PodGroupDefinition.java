package io.kindred.ri.model;

import java.util.List;

/** A group of pods to be scheduled together. */
public record PodGroupDefinition(String name, List<PodGroupMember> members) {

    public PodGroupDefinition {
        members = Lists.copy(members);
    }
}
