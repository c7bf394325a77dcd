package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.RiEvaluationException;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.StructureReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod groups a workload needs, computed from the workload object alone — before any pod exists — so that a
 * scheduler can create them ahead of the pods.
 *
 * <p>The reference computes a pod's group lazily, from each pod; this class answers the same question for the
 * whole object, with these rules (documented in the ri-core README):
 * <ol>
 *   <li>Each pod-group definition gives one requirement whose minMember is the sum, over its members, of the
 *       member component's subtree scale. A member whose component is a descendant of another member's component
 *       in the same definition is already counted in the ancestor's subtree and is not added again.</li>
 *   <li>A member is <em>split per instance</em> when its component has instances (instanceIdPath with a
 *       componentInstanceSelector) and one of its groupByKeyPaths contains the selector's idPath: the pods of
 *       different instances then get different group keys, so each instance is its own concrete group. Such a
 *       member gives one requirement per instance, named {@code <definition>-<instanceId>}
 *       ({@code <definition>-<component>-<instanceId>} when one definition has several split members), with that
 *       instance's subtree scale; the definition's other members stay in the requirement named after the
 *       definition. Dynamo services and JobSet replicated jobs are split; Ray worker groups, grouped by cluster
 *       name, are not.</li>
 *   <li>A requirement is <em>per replica</em> when one of its members' groupByKeyPaths contains the keyPath of the
 *       replicaSelector of the member's component or of its nearest ancestor that has one (e.g. the LeaderWorkerSet
 *       group index): there is one concrete group per replica, each needing minMember pods. The number of
 *       replicas is the own scale (sum of effective minimums) of that replicated component's parent, when it has
 *       one; otherwise it is unknown ({@code null}) and only the pods will tell.</li>
 * </ol>
 * "Contains" compares the jq sources with whitespace removed. Thread-safe.
 */
public final class PodGroupPlanner {

    private final StructureSummary summary;
    private final StructureReader readers;
    private final SubtreeScales scales;
    private final List<Plan> plans;

    /**
     * What can be decided from the RI alone, once: which members are split per instance, which are counted, which
     * component's replicas key the groups.
     *
     * @param unknownMember an error to raise when the definition is evaluated (a member names an unknown
     *                      component — an invalid RI evaluated as given), or {@code null}
     * @param sharedNames   the members that stay in the requirement named after the definition, in definition order
     * @param counted       those of them whose subtree scale is added (members under another member are not)
     * @param sharedReplica the replicated component keying the shared requirement, or {@code null}
     * @param split         the members split per instance
     */
    private record Plan(PodGroupDefinition definition, RiEvaluationException unknownMember, List<String> sharedNames,
            List<String> counted, String sharedReplica, List<SplitMember> split) {
    }

    /** A member split per instance, the name prefix of its requirements, and the replicated component keying it. */
    private record SplitMember(String component, String namePrefix, List<String> members, String replica) {
    }

    public PodGroupPlanner(StructureSummary summary, StructureReader readers, SubtreeScales scales) {
        this.summary = summary;
        this.readers = readers;
        this.scales = scales;
        List<Plan> all = new ArrayList<>();
        List<PodGroupDefinition> definitions = summary.spec().podGroups();
        for (int g = 0; g < definitions.size(); g++) {
            all.add(plan(definitions.get(g), g));
        }
        this.plans = List.copyOf(all);
    }

    private Plan plan(PodGroupDefinition definition, int index) {
        List<PodGroupMember> members = definition.members();
        List<String> names = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            String name = members.get(m).componentName();
            if (name == null || summary.component(name) == null) {
                RiEvaluationException unknown = new RiEvaluationException(ResourceInterfaceSpec.POD_GROUPS_PATH + "[" + index
                        + "].members[" + m + "].componentName", "pod group '" + definition.name() + "' names unknown component '"
                        + name + "'; the RI defines " + SubtreeScales.describe(summary.componentNames()));
                return new Plan(definition, unknown, List.of(), List.of(), null, List.of());
            }
            names.add(name);
        }
        List<PodGroupMember> splitMembers = new ArrayList<>();
        List<String> sharedNames = new ArrayList<>();
        List<String> counted = new ArrayList<>();
        String sharedReplica = null;
        for (PodGroupMember member : members) {
            if (isSplitPerInstance(member)) {
                splitMembers.add(member);
                continue;
            }
            sharedNames.add(member.componentName());
            if (!coveredByAnotherMember(member.componentName(), names)) {
                counted.add(member.componentName());
            }
            if (sharedReplica == null) {
                sharedReplica = replicatedComponentKeyedBy(member);
            }
        }
        List<SplitMember> split = new ArrayList<>();
        for (PodGroupMember member : splitMembers) {
            String prefix = definition.name() + "-" + (splitMembers.size() > 1 ? member.componentName() + "-" : "");
            split.add(new SplitMember(member.componentName(), prefix, List.of(member.componentName()),
                    replicatedComponentKeyedBy(member)));
        }
        return new Plan(definition, null, List.copyOf(sharedNames), List.copyOf(counted), sharedReplica, List.copyOf(split));
    }

    /**
     * The pod groups {@code object} needs, in definition order (per-instance groups in instance order after the
     * definition's shared group).
     *
     * @throws RiEvaluationException when a member names an unknown component, a scale cannot be read, or a
     *                               minMember exceeds 2<sup>31</sup>-1
     */
    public List<PodGroupRequirement> podGroups(JsonNode object) {
        ObjectScales view = new ObjectScales(readers, object);
        List<PodGroupRequirement> requirements = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            evaluate(view, plan, requirements);
        }
        return Collections.unmodifiableList(requirements);
    }

    private void evaluate(ObjectScales view, Plan plan, List<PodGroupRequirement> out) {
        if (plan.unknownMember() != null) {
            throw plan.unknownMember();
        }
        String name = plan.definition().name();
        if (!plan.sharedNames().isEmpty() || plan.split().isEmpty()) {
            long minMember = 0;
            for (String component : plan.counted()) {
                minMember += scales.subtreeScale(view, component, null);
                if (minMember < 0) {
                    throw new RiEvaluationException(null, "pod group '" + name + "': minMember overflows");
                }
            }
            addIfNeeded(out, requirement(view, name, name, minMember, plan.sharedNames(), null, plan.sharedReplica()));
        }
        for (SplitMember member : plan.split()) {
            for (String id : view.ids(member.component())) {
                addIfNeeded(out, requirement(view, member.namePrefix() + id, name,
                        scales.subtreeScale(view, member.component(), id), member.members(), id, member.replica()));
            }
        }
    }

    /**
     * The minMember rule, the only place it is applied: a group that needs no pod does not exist. A minMember of 0
     * comes from a component the object gives no pods (a JobSet with parallelism 0 or no replicated jobs, a stage
     * the object's policy does not have); such a group would gang nobody, coscheduling refuses it, and KAI would
     * treat it as a gang of one. It is left out, and no pod joins it ({@link PodResolver}).
     */
    static boolean needsPods(long minMember) {
        return minMember >= 1;
    }

    private static void addIfNeeded(List<PodGroupRequirement> out, PodGroupRequirement requirement) {
        if (needsPods(requirement.minMember())) {
            out.add(requirement);
        }
    }

    private PodGroupRequirement requirement(ObjectScales view, String name, String definition, long minMember,
            List<String> members, String instanceId, String replicated) {
        if (minMember > Integer.MAX_VALUE) {
            throw new RiEvaluationException(null, "pod group '" + name + "': minMember " + minMember
                    + " is larger than " + Integer.MAX_VALUE);
        }
        Integer replicaCount = null;
        if (replicated != null) {
            String parent = summary.parent(replicated);
            long count = parent == null ? 0 : ownScale(view, parent);
            replicaCount = count > 0 && count <= Integer.MAX_VALUE ? (int) count : null;
        }
        return new PodGroupRequirement(name, definition, (int) minMember, members, instanceId, replicated != null,
                replicaCount);
    }

    /** True when another member of the same definition names an ancestor of this component. */
    private boolean coveredByAnotherMember(String component, List<String> memberComponents) {
        for (String ancestor : summary.ancestors(component)) {
            if (memberComponents.contains(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSplitPerInstance(PodGroupMember member) {
        ComponentDefinition component = summary.component(member.componentName());
        PodSelector selector = component.podSelector();
        return component.instanceIdPath() != null && selector != null && selector.componentInstanceSelector() != null
                && keyedBy(member, selector.componentInstanceSelector().idPath());
    }

    /** The component (the member's or an ancestor) whose replicaSelector keys this member's groups, or {@code null}. */
    private String replicatedComponentKeyedBy(PodGroupMember member) {
        List<String> levels = new ArrayList<>();
        levels.add(member.componentName());
        levels.addAll(summary.ancestors(member.componentName()));
        for (String level : levels) {
            PodSelector selector = summary.component(level).podSelector();
            if (selector != null && selector.replicaSelector() != null) {
                return keyedBy(member, selector.replicaSelector().keyPath()) ? level : null;
            }
        }
        return null;
    }

    private static boolean keyedBy(PodGroupMember member, String path) {
        if (path == null) {
            return false;
        }
        String wanted = withoutWhitespace(path);
        if (wanted.isEmpty()) {
            return false;
        }
        for (String key : member.groupByKeyPaths()) {
            if (key != null && withoutWhitespace(key).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutWhitespace(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Sum of the effective minimums of the component's instances (0 without a scaleDefinition). */
    private static long ownScale(ObjectScales view, String component) {
        List<Scale> own = view.scales(component);
        long sum = 0;
        if (own != null) {
            for (Scale scale : own) {
                sum += scale.effectiveMinimum();
            }
        }
        return sum;
    }
}
