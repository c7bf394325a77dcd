package io.kindred.scheduleradapter.gang;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.gang.StructureSummary;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.Scale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes a workload's gang from its RI and the component scales its status event reported, before any pod
 * exists. Pure computation over ri-core; thread-safe.
 *
 * <ul>
 *   <li>Each ri-core requirement ({@code podGroups}) is one group named {@code <prefix>-<uid>-<requirement>}; a
 *       per-replica requirement is one group per replica ({@code …-<replica key>}, keys {@code 0…n-1} when the RI
 *       gives the count n, else made when pods show their keys).</li>
 *   <li>A workload whose RI has no gang section gets one group {@code <prefix>-<uid>} with minMember 1, so every
 *       pod of the workload is in one queue, as KAI's default grouper does; a Deployment therefore has one group,
 *       never one per ReplicaSet.</li>
 *   <li>When a group spans several leaf components (or instances of one), each becomes a sub-group with its own
 *       minimum, provided those minimums add up to the group's minMember; otherwise the group stays flat.
 *       Elastic components keep their minimum (minReplicas below replicas), never "everything mandatory".</li>
 * </ul>
 */
public final class GangPlanner {

    private final String prefix;

    public GangPlanner(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @throws RiEvaluationException when the RI cannot size the gang from these scales
     */
    public Gang plan(CompiledResourceInterface ri, ReportedScales scales, String rootUid, SchedulingPolicy policy) {
        if (ri.spec().podGroups().isEmpty()) {
            GangGroup only = new GangGroup(GroupNames.defaultGroup(prefix, rootUid), null, null, null, 1, List.of(),
                    policy);
            return new Gang(rootUid, List.of(only), List.of());
        }
        List<RiPodGroupRequirement> required = ri.podGroups(scales);
        ReportedScales everyReplica = everyReplica(ri, scales);
        List<GangGroup> groups = new ArrayList<>();
        List<GangGroup> templates = new ArrayList<>();
        for (RiPodGroupRequirement requirement : required) {
            String name = GroupNames.requirementGroup(prefix, rootUid, requirement.name());
            List<SubGroup> subGroups = subGroups(ri, scales, everyReplica, requirement);
            if (!requirement.perReplica()) {
                groups.add(new GangGroup(name, requirement.definition(), requirement.instanceId(), null,
                        requirement.minMember(), subGroups, policy));
            } else if (requirement.replicaCount() != null) {
                for (int replica = 0; replica < requirement.replicaCount(); replica++) {
                    String key = Integer.toString(replica);
                    groups.add(new GangGroup(GroupNames.replicaGroup(name, key), requirement.definition(),
                            requirement.instanceId(), key, requirement.minMember(), subGroups, policy));
                }
            } else {
                templates.add(new GangGroup(name, requirement.definition(), requirement.instanceId(), null,
                        requirement.minMember(), subGroups, policy));
            }
        }
        return new Gang(rootUid, groups, templates);
    }

    /** The same report with every minimum removed: sizes computed from it are the pods when every replica runs. */
    private static ReportedScales everyReplica(CompiledResourceInterface ri, ReportedScales scales) {
        ReportedScales.Builder builder = ReportedScales.builder();
        for (String component : ri.structureSummary().componentNames()) {
            List<String> ids = scales.instanceIds(component);
            List<Scale> values = scales.scales(component);
            for (int i = 0; i < ids.size(); i++) {
                Scale scale = i < values.size() ? values.get(i) : Scale.ABSENT;
                builder.instance(component, ids.get(i), new Scale(scale.replicas(), null, scale.maxReplicas()));
            }
        }
        return builder.build();
    }

    private static List<SubGroup> subGroups(CompiledResourceInterface ri, ReportedScales scales,
            ReportedScales everyReplica, RiPodGroupRequirement requirement) {
        StructureSummary summary = ri.structureSummary();
        Set<String> leaves = new LinkedHashSet<>();
        for (String member : requirement.members()) {
            if (summary.component(member).isLeaf()) {
                leaves.add(member);
            }
            for (String leaf : summary.leaves()) {
                if (summary.isAncestor(member, leaf)) {
                    leaves.add(leaf);
                }
            }
        }
        List<SubGroup> subGroups = new ArrayList<>();
        long sum = 0;
        for (String leaf : leaves) {
            List<String> instances = instancesOf(scales, leaf, requirement);
            for (String instance : instances) {
                int min = (int) ri.subtreeScale(scales, leaf, instance);
                int max = (int) Math.max(min, ri.subtreeScale(everyReplica, leaf, instance));
                if (max == 0) {
                    continue; // a component with no pods: nothing to wait for
                }
                subGroups.add(new SubGroup(GroupNames.subGroup(leaf, instance), leaf, instance, min, max));
                sum += min;
            }
        }
        if (subGroups.size() < 2 || sum != requirement.minMember() || hasDuplicateNames(subGroups)) {
            return List.of();
        }
        return subGroups;
    }

    /** The instance ids a leaf's sub-groups are cut by: {@code null} for the whole component. */
    private static List<String> instancesOf(ReportedScales scales, String leaf, RiPodGroupRequirement requirement) {
        List<String> ids = scales.instanceIds(leaf);
        if (requirement.instanceId() != null && ids.contains(requirement.instanceId())) {
            return List.of(requirement.instanceId());
        }
        if (ids.isEmpty() || (ids.size() == 1 && ids.get(0).isEmpty())) {
            return java.util.Collections.singletonList(null);
        }
        return ids;
    }

    private static boolean hasDuplicateNames(List<SubGroup> subGroups) {
        Set<String> names = new java.util.HashSet<>();
        for (SubGroup subGroup : subGroups) {
            if (!names.add(subGroup.name())) {
                return true;
            }
        }
        return false;
    }
}
