package io.kindred.scheduleradapter.gang;

import java.util.List;
import java.util.Objects;

/**
 * Every pod group one workload needs, as the adapter computed it.
 *
 * @param workloadUid      the root object's UID
 * @param groups           the concrete groups, in ri-core's requirement order
 * @param replicaTemplates per-replica requirements whose replica count the RI does not give (replicaKey
 *                         {@code null}): their concrete groups are made when a pod shows its replica key
 */
public record Gang(String workloadUid, List<GangGroup> groups, List<GangGroup> replicaTemplates) {

    public Gang {
        groups = List.copyOf(groups);
        replicaTemplates = List.copyOf(replicaTemplates);
    }

    /**
     * The group a pod belongs to, from where ri-core placed it: the group of that pod-group definition made for
     * the pod's instance (a per-instance group) or else the definition's group spanning instances, for the pod's
     * replica when the groups are per replica; a replica the RI did not count gets its group from the template.
     * {@code null} when the gang has no such group.
     *
     * @param definition the pod-group definition ({@code PodResolution.podGroup()}), {@code null} for a workload
     *                   whose RI has no gang section
     */
    public GangGroup groupFor(String definition, String instanceId, String replicaKey) {
        if (definition == null) {
            return groups.size() == 1 && groups.get(0).definition() == null ? groups.get(0) : null;
        }
        GangGroup found = find(groups, definition, instanceId, replicaKey);
        if (found != null) {
            return found;
        }
        if (replicaKey != null) {
            GangGroup template = find(replicaTemplates, definition, instanceId, null);
            if (template != null) {
                return new GangGroup(GroupNames.replicaGroup(template.name(), replicaKey), template.definition(),
                        template.instanceId(), replicaKey, template.minMember(), template.subGroups(),
                        template.policy());
            }
        }
        return null;
    }

    private static GangGroup find(List<GangGroup> candidates, String definition, String instanceId, String replicaKey) {
        GangGroup spanning = null;
        for (GangGroup group : candidates) {
            if (!definition.equals(group.definition()) || !Objects.equals(group.replicaKey(), replicaKey)) {
                continue;
            }
            if (group.instanceId() == null) {
                spanning = spanning == null ? group : spanning;
            } else if (group.instanceId().equals(instanceId)) {
                return group;
            }
        }
        return spanning;
    }
}
