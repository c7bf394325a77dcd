package io.kindred.ri.gang;

import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;

/**
 * A pod-group member that can take a pod of some component: the member names that component itself or one of its
 * ancestors ({@code effectiveComponent}).
 *
 * @param effectiveComponent the component the member names; the pod group's minMember is this component's subtree
 * @param podGroup           the pod-group definition holding the member
 * @param member             the member, with its groupByKeyPaths and filters
 * @param podGroupIndex      index of the definition in {@code gangScheduling.podGroups}
 * @param memberIndex        index of the member in the definition's {@code members}
 */
public record PodGroupCandidate(
        String effectiveComponent,
        PodGroupDefinition podGroup,
        PodGroupMember member,
        int podGroupIndex,
        int memberIndex) {

    /** JSON path of the member in the RI, for error messages. */
    public String memberPath() {
        return io.kindred.ri.model.ResourceInterfaceSpec.POD_GROUPS_PATH + "[" + podGroupIndex + "].members[" + memberIndex + "]";
    }
}
