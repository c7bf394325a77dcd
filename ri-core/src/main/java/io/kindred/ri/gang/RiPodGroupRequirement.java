package io.kindred.ri.gang;

import java.util.List;

/**
 * A pod group a workload needs, known from the workload object alone, before any pod exists.
 *
 * @param name         the definition's name, or {@code <definition>-<instanceId>} for a per-instance group
 * @param definition   the name of the pod-group definition it comes from
 * @param minMember    how many pods must be schedulable together (for a per-replica requirement: in each replica)
 * @param members      the components whose pods join it, in definition order
 * @param instanceId   the component instance this group is for, or {@code null} when the group spans instances
 * @param perReplica   true when pods are grouped per replica (their group keys include the replica key of a
 *                     component with a replicaSelector): then there is one such group per replica, each of
 *                     {@code minMember} pods, told apart by the pods' replica key
 * @param replicaCount the number of replicas when {@code perReplica} and the RI gives it (the own scale of the
 *                     replicated component's parent); {@code null} when unknown or not per replica
 */
public record RiPodGroupRequirement(
        String name,
        String definition,
        int minMember,
        List<String> members,
        String instanceId,
        boolean perReplica,
        Integer replicaCount) {

    public RiPodGroupRequirement {
        members = List.copyOf(members);
    }
}
