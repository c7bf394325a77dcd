package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.StructureReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            List<PodGroupMember> counted, String sharedReplica, List<SplitMember> split) {
    }

    /** A member split per instance, the name prefix of its requirements, and the replicated component keying it. */
    private record SplitMember(PodGroupMember member, String component, String namePrefix, List<String> members,
            String replica) {
    }

    /**
     * A member as the stage rule sees it.
     *
     * @param rivals the components strictly below the member's that members of <em>other</em> definitions name:
     *               their pods go to those definitions' groups whenever these exist, so this member does not count
     *               them then
     */
    private record MemberInfo(PodGroupMember member, int definition, String component, boolean split, int depth,
            Set<String> rivals) {
    }

    private final Map<PodGroupMember, MemberInfo> members = new IdentityHashMap<>();
    /** Members whose component is another member's rival, deepest first: whether they take pods decides exclusions. */
    private final List<MemberInfo> claimants;

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
        this.claimants = stageMembers(definitions);
    }

    private List<MemberInfo> stageMembers(List<PodGroupDefinition> definitions) {
        List<MemberInfo> known = new ArrayList<>();
        for (int g = 0; g < definitions.size(); g++) {
            for (PodGroupMember member : definitions.get(g).members()) {
                String component = member.componentName();
                if (component != null && summary.component(component) != null) {
                    known.add(new MemberInfo(member, g, component, isSplitPerInstance(member),
                            summary.ancestors(component).size(), Set.of()));
                }
            }
        }
        Set<String> rivalComponents = new HashSet<>();
        for (MemberInfo info : known) {
            Set<String> rivals = new LinkedHashSet<>();
            for (MemberInfo other : known) {
                if (other.definition() != info.definition() && summary.isAncestor(info.component(), other.component())) {
                    rivals.add(other.component());
                }
            }
            rivalComponents.addAll(rivals);
            members.put(info.member(), new MemberInfo(info.member(), info.definition(), info.component(), info.split(),
                    info.depth(), Set.copyOf(rivals)));
        }
        List<MemberInfo> result = new ArrayList<>();
        for (MemberInfo info : members.values()) {
            if (rivalComponents.contains(info.component())) {
                result.add(info);
            }
        }
        result.sort(Comparator.comparingInt(MemberInfo::depth).reversed()
                .thenComparingInt(MemberInfo::definition));
        return List.copyOf(result);
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
        List<PodGroupMember> counted = new ArrayList<>();
        String sharedReplica = null;
        for (PodGroupMember member : members) {
            if (isSplitPerInstance(member)) {
                splitMembers.add(member);
                continue;
            }
            sharedNames.add(member.componentName());
            if (!coveredByAnotherMember(member.componentName(), names)) {
                counted.add(member);
            }
            if (sharedReplica == null) {
                sharedReplica = replicatedComponentKeyedBy(member);
            }
        }
        List<SplitMember> split = new ArrayList<>();
        for (PodGroupMember member : splitMembers) {
            String prefix = definition.name() + "-" + (splitMembers.size() > 1 ? member.componentName() + "-" : "");
            split.add(new SplitMember(member, member.componentName(), prefix, List.of(member.componentName()),
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
    public List<RiPodGroupRequirement> podGroups(JsonNode object) {
        return podGroups(new ObjectScales(readers, object));
    }

    /**
     * The pod groups of a workload whose scales were {@link ReportedScales reported} by a reader of the object:
     * the same rules, without the object.
     *
     * @throws RiEvaluationException when a member names an unknown component or a minMember exceeds 2<sup>31</sup>-1
     */
    public List<RiPodGroupRequirement> podGroups(ReportedScales reported) {
        return podGroups(new ObjectScales(readers, reported));
    }

    private List<RiPodGroupRequirement> podGroups(ObjectScales view) {
        for (Plan plan : plans) {
            if (plan.unknownMember() != null) {
                throw plan.unknownMember();
            }
        }
        Claims claims = new Claims(view);
        List<RiPodGroupRequirement> requirements = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            evaluate(view, claims, plan, requirements);
        }
        return Collections.unmodifiableList(requirements);
    }

    private void evaluate(ObjectScales view, Claims claims, Plan plan, List<RiPodGroupRequirement> out) {
        String name = plan.definition().name();
        if (!plan.sharedNames().isEmpty() || plan.split().isEmpty()) {
            long minMember = 0;
            for (PodGroupMember member : plan.counted()) {
                minMember += claims.count(member, member.componentName(), null);
                if (minMember < 0) {
                    throw new RiEvaluationException(null, "pod group '" + name + "': minMember overflows");
                }
            }
            addIfNeeded(out, requirement(view, name, name, minMember, plan.sharedNames(), null, plan.sharedReplica()));
        }
        for (SplitMember member : plan.split()) {
            for (String id : view.ids(member.component())) {
                addIfNeeded(out, requirement(view, member.namePrefix() + id, name,
                        claims.count(member.member(), member.component(), id), member.members(), id, member.replica()));
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

    /** True when the member's groups are split per instance of its component (package-private for the resolver). */
    boolean splitPerInstance(PodGroupMember member) {
        MemberInfo info = members.get(member);
        return info != null && info.split();
    }

    /**
     * The stage rule for one object. A pod joins the first of its candidates whose group exists
     * ({@link #needsPods}); so when a member of one definition names a component below another definition's member
     * and takes pods (its count, or one of its instances' counts, is at least 1), those pods are that member's, and
     * the member above leaves the component out of its count. Worked out deepest member first, so every exclusion is
     * decided before the count it changes. RIs without such nesting across definitions exclude nothing.
     * Not thread-safe; one per evaluation.
     */
    final class Claims {

        private final ObjectScales view;
        private final Map<String, Set<Integer>> takenBy = new HashMap<>();

        Claims(ObjectScales view) {
            this.view = view;
            for (MemberInfo claimant : claimants) {
                if (takesPods(claimant)) {
                    takenBy.computeIfAbsent(claimant.component(), k -> new HashSet<>()).add(claimant.definition());
                }
            }
        }

        /** The member's count for its component (one instance, or {@code null} for all), without the taken rivals. */
        long count(PodGroupMember member, String component, String instanceId) {
            return scales.subtreeScale(view, component, instanceId, excluded(member));
        }

        private Set<String> excluded(PodGroupMember member) {
            MemberInfo info = members.get(member);
            if (info == null || info.rivals().isEmpty() || takenBy.isEmpty()) {
                return Set.of();
            }
            Set<String> excluded = new HashSet<>();
            for (String rival : info.rivals()) {
                Set<Integer> definitions = takenBy.get(rival);
                if (definitions != null && (definitions.size() > 1 || !definitions.contains(info.definition()))) {
                    excluded.add(rival);
                }
            }
            return excluded;
        }

        private boolean takesPods(MemberInfo info) {
            if (!info.split()) {
                return needsPods(count(info.member(), info.component(), null));
            }
            for (String id : view.ids(info.component())) {
                if (needsPods(count(info.member(), info.component(), id))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The stage rule's view of {@code view}'s object (for the resolver). */
    Claims claims(ObjectScales view) {
        return new Claims(view);
    }

    private static void addIfNeeded(List<RiPodGroupRequirement> out, RiPodGroupRequirement requirement) {
        if (needsPods(requirement.minMember())) {
            out.add(requirement);
        }
    }

    private RiPodGroupRequirement requirement(ObjectScales view, String name, String definition, long minMember,
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
        return new RiPodGroupRequirement(name, definition, (int) minMember, members, instanceId, replicated != null,
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
