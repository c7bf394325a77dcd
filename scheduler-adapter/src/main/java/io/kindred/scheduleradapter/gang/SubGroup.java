package io.kindred.scheduleradapter.gang;

/**
 * A sub-gang of a pod group: the pods of one leaf component (or one instance of it) of the workload.
 *
 * @param name        DNS label, unique within the group; pods carry it (KAI's subgroup label, Volcano's task)
 * @param component   the leaf component whose pods form it
 * @param instanceId  the component instance, or {@code null} when the sub-gang spans the component's instances
 * @param minMember   pods of this sub-gang that must be placed together
 * @param maxMember   pods of this sub-gang when every replica runs (equal to minMember unless it is elastic)
 */
public record SubGroup(String name, String component, String instanceId, int minMember, int maxMember) {

    public boolean isElastic() {
        return maxMember > minMember;
    }
}
