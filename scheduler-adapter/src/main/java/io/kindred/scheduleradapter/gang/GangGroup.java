package io.kindred.scheduleradapter.gang;

import java.util.List;

/**
 * One pod group of a workload's gang, ready to render for a backend.
 *
 * @param name            the PodGroup object's name (see {@link GroupNames})
 * @param definition      the RI pod-group definition it comes from ({@code null} for the default group of a
 *                        workload whose RI has no gang section)
 * @param instanceId      the component instance it is for, or {@code null}
 * @param replicaKey      the replica it is for (a per-replica requirement, e.g. a LeaderWorkerSet group index), or
 *                        {@code null}
 * @param minMember       pods that must be placed together
 * @param subGroups       its sub-gangs, empty for a flat gang; when present their minimums add up to minMember
 * @param policy          queue, priority class and preemptibility
 */
public record GangGroup(String name, String definition, String instanceId, String replicaKey, int minMember,
        List<SubGroup> subGroups, SchedulingPolicy policy) {

    public GangGroup {
        subGroups = List.copyOf(subGroups);
    }

    /** The sub-gang a pod of {@code component} (instance {@code instanceId}) joins, or {@code null}. */
    public SubGroup subGroupOf(String component, String instanceId) {
        SubGroup whole = null;
        for (SubGroup subGroup : subGroups) {
            if (!subGroup.component().equals(component)) {
                continue;
            }
            if (subGroup.instanceId() == null) {
                whole = subGroup;
            } else if (subGroup.instanceId().equals(instanceId)) {
                return subGroup;
            }
        }
        return whole;
    }
}
