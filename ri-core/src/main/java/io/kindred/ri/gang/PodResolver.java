package io.kindred.ri.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.jq.JqExpression;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.jq.JqValues;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.ComponentTypeSelector;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.PodSelector;
import io.kindred.ri.model.ResourceInterfaceSpec;
import io.kindred.ri.structure.Expressions;
import io.kindred.ri.structure.StructureReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out where a pod belongs: its component, instance and replica, the pod group it falls in, that group's keys
 * and minMember. Follows the reference implementation (Run:ai's karta, as KAI-Scheduler calls it):
 * <ul>
 *   <li>Component: with one leaf, every pod belongs to it and no selector is evaluated; with several, leaves are
 *       tried root first then children in definition order, and the first whose componentTypeSelector matches wins
 *       (without {@code value}: the keyPath gives any non-null result; with one: a result equal to that string).
 *       A leaf without a componentTypeSelector never matches.</li>
 *   <li>Instance: looked for only when the component's first instance id is non-empty and it has a podSelector;
 *       then its componentInstanceSelector is required and the pod's id must be one of the instance ids.</li>
 *   <li>Pod group: the component's {@link StructureSummary#candidates candidates} are tried in order; the first
 *       with no filters, or whose filters all give exactly {@code true}, wins.</li>
 *   <li>idPath, replica keyPath, groupByKeyPaths and filters must give exactly one result that is neither null nor
 *       {@code ""}; values become strings as {@link JqValues#toText} prints them (numbers without a fraction).</li>
 *   <li>minMember: the subtree scale of the winning member's component, for the pod's instance only when the member
 *       names the pod's own component.</li>
 * </ul>
 * Immutable and thread-safe; every expression is compiled once.
 */
public final class PodResolver {

    private final StructureSummary summary;
    private final SubtreeScales scales;
    private final StructureReader readers;
    private final PodGroupPlanner planner;
    private final Map<String, Selectors> selectors = new HashMap<>();
    private final Map<PodGroupMember, MemberExpressions> members = new IdentityHashMap<>();
    /** component → the component (itself or its nearest ancestor) whose replicaSelector gives its pods' replica key */
    private final Map<String, String> replicaSources = new HashMap<>();

    private record Selectors(JqExpression type, String typeValue, JqExpression instance, JqExpression replica, String context) {
    }

    private record MemberExpressions(List<JqExpression> groupBy, List<JqExpression> filters, String context) {
    }

    public PodResolver(StructureSummary summary, StructureReader readers, SubtreeScales scales, JqExpressions compiled) {
        this(summary, readers, scales, compiled, new PodGroupPlanner(summary, readers, scales));
    }

    /** With the planner whose groups the pods join (so that both apply the same rules to the same RI). */
    public PodResolver(StructureSummary summary, StructureReader readers, SubtreeScales scales, JqExpressions compiled,
            PodGroupPlanner planner) {
        this.summary = summary;
        this.readers = readers;
        this.scales = scales;
        this.planner = planner;
        for (String name : summary.componentNames()) {
            ComponentDefinition component = summary.component(name);
            PodSelector selector = component.podSelector();
            if (selector == null) {
                continue;
            }
            String path = summary.componentPath(name) + ".podSelector";
            ComponentTypeSelector type = selector.componentTypeSelector();
            selectors.put(name, new Selectors(
                    type == null ? null : compiled.get(path + ".componentTypeSelector.keyPath"),
                    type == null ? null : type.value(),
                    selector.componentInstanceSelector() == null ? null
                            : compiled.get(path + ".componentInstanceSelector.idPath"),
                    selector.replicaSelector() == null ? null
                            : compiled.get(path + ".replicaSelector.keyPath"),
                    "component '" + name + "'"));
        }
        for (String name : summary.componentNames()) {
            List<String> levels = new ArrayList<>();
            levels.add(name);
            levels.addAll(summary.ancestors(name));
            for (String level : levels) {
                Selectors selector = selectors.get(level);
                if (selector != null && selector.replica() != null) {
                    replicaSources.put(name, level);
                    break;
                }
            }
        }
        List<PodGroupDefinition> groups = summary.spec().podGroups();
        for (int g = 0; g < groups.size(); g++) {
            List<PodGroupMember> groupMembers = groups.get(g).members();
            for (int m = 0; m < groupMembers.size(); m++) {
                String path = ResourceInterfaceSpec.POD_GROUPS_PATH + "[" + g + "].members[" + m + "]";
                PodGroupMember member = groupMembers.get(m);
                List<JqExpression> groupBy = new ArrayList<>();
                for (int k = 0; k < member.groupByKeyPaths().size(); k++) {
                    groupBy.add(compiled.require(path + ".groupByKeyPaths[" + k + "]"));
                }
                List<JqExpression> filters = new ArrayList<>();
                for (int k = 0; k < member.filters().size(); k++) {
                    filters.add(compiled.require(path + ".filters[" + k + "]"));
                }
                members.put(member, new MemberExpressions(List.copyOf(groupBy), List.copyOf(filters),
                        "pod group '" + groups.get(g).name() + "'"));
            }
        }
    }

    /**
     * Resolves a pod of {@code object}.
     *
     * @param component the pod's component, to skip component inference; {@code null} to infer it
     * @return the resolution; never throws for bad objects or pods — problems are in {@link PodResolution#errors()}
     */
    public PodResolution resolve(JsonNode object, JsonNode pod, String component) {
        List<String> errors = new ArrayList<>(0);
        String podComponent;
        try {
            podComponent = component != null ? requireComponent(component) : inferComponent(pod);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            return new PodResolution(null, null, null, null, null, null, null, errors);
        }
        ObjectScales view = new ObjectScales(readers, object);

        String instanceId = null;
        boolean instanceKnown = true;
        try {
            instanceId = inferInstance(view, podComponent, pod);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            instanceKnown = false;
        }

        String replicaKey = null;
        try {
            replicaKey = replicaKey(podComponent, pod);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
        }

        PodGroupPlanner.Claims claims;
        try {
            claims = planner.claims(view);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            claims = null;
        }

        Choice choice;
        try {
            choice = chooseCandidate(view, claims, podComponent, instanceId, instanceKnown, pod, errors);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
            return new PodResolution(podComponent, instanceId, replicaKey, null, null, null, null, errors);
        }
        if (choice == null) {
            return new PodResolution(podComponent, instanceId, replicaKey, null, null, null, null, errors);
        }
        PodGroupCandidate winner = choice.candidate();

        List<String> groupKeys = null;
        try {
            groupKeys = groupKeys(winner, pod);
        } catch (RiEvaluationException e) {
            errors.add(e.getMessage());
        }
        return new PodResolution(podComponent, instanceId, replicaKey, winner.podGroup().name(),
                winner.effectiveComponent(), groupKeys, choice.minMember(), errors);
    }

    /** The candidate a pod joins, and its minMember ({@code null} when it could not be worked out). */
    private record Choice(PodGroupCandidate candidate, Long minMember) {
    }

    private String requireComponent(String component) {
        if (summary.component(component) == null) {
            throw new RiEvaluationException(null, "unknown component '" + component + "'; the RI defines "
                    + SubtreeScales.describe(summary.componentNames()));
        }
        return component;
    }

    /** The pod's leaf component. */
    String inferComponent(JsonNode pod) {
        List<String> leaves = summary.leaves();
        if (leaves.isEmpty()) {
            throw new RiEvaluationException(ResourceInterfaceSpec.SPEC_PATH + ".structureDefinition",
                    "no component defines pods (none has podTemplateSpecPath, podSpecPath or fragmentedPodSpecDefinition)");
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        for (String leaf : leaves) {
            Selectors selector = selectors.get(leaf);
            if (selector != null && selector.type() != null && matchesType(selector, pod)) {
                return leaf;
            }
        }
        throw new RiEvaluationException(null, "the pod matches no component: none of the componentTypeSelectors of "
                + SubtreeScales.describe(leaves) + " matches it");
    }

    private static boolean matchesType(Selectors selector, JsonNode pod) {
        List<JsonNode> results = Expressions.evaluate(selector.type(), pod, selector.context());
        for (JsonNode result : results) {
            if (result == null || result.isNull()) {
                continue;
            }
            if (selector.typeValue() == null) {
                return true;
            }
            // the reference evaluates `keyPath == "value"`: only a string equal to the value matches
            if (result.isTextual() && result.textValue().equals(selector.typeValue())) {
                return true;
            }
        }
        return false;
    }

    /** The pod's instance of {@code component}, or {@code null} when the component has none to tell apart. */
    private String inferInstance(ObjectScales view, String component, JsonNode pod) {
        List<String> ids = view.ids(component);
        Selectors selector = selectors.get(component);
        if (ids.isEmpty() || ids.get(0).isEmpty() || summary.component(component).podSelector() == null) {
            return null;
        }
        if (selector == null || selector.instance() == null) {
            throw new RiEvaluationException(summary.componentPath(component) + ".podSelector",
                    "component '" + component + "' has instances " + SubtreeScales.describe(ids)
                            + " but its podSelector has no componentInstanceSelector to tell which one a pod belongs to");
        }
        String podId = single(selector.instance(), pod, selector.context(), "instance id");
        if (!ids.contains(podId)) {
            throw new RiEvaluationException(selector.instance().fieldPath(), selector.context() + ": the pod's instance id \""
                    + podId + "\" is not one of the instances " + SubtreeScales.describe(ids));
        }
        return podId;
    }

    /** The replica key from the nearest replicaSelector at or above the component, or {@code null}. */
    private String replicaKey(String component, JsonNode pod) {
        String source = replicaSources.get(component);
        if (source == null) {
            return null;
        }
        Selectors selector = selectors.get(source);
        return single(selector.replica(), pod, selector.context(), "replica key");
    }

    /**
     * The first candidate whose filters pass and whose group exists for the object — whose count for this pod is
     * at least 1 ({@link PodGroupPlanner#needsPods}): a member naming the pod's own component counts the pod's
     * instance, a member split per instance of an ancestor counts the ancestor instance the pod names (and does not
     * take the pod when that is not one of the ancestor's instances), any other member its whole component — each
     * without the components other groups take ({@link PodGroupPlanner.Claims}). A candidate whose count cannot be
     * worked out is taken, with the error reported and no minMember, as before the stage rule.
     */
    private Choice chooseCandidate(ObjectScales view, PodGroupPlanner.Claims claims, String component,
            String instanceId, boolean instanceKnown, JsonNode pod, List<String> errors) {
        for (PodGroupCandidate candidate : summary.candidates(component)) {
            MemberExpressions member = members.get(candidate.member());
            boolean passes = true;
            for (JqExpression filter : member.filters()) {
                JsonNode result = singleResult(filter, pod, member.context(), "filter");
                if (!(result.isBoolean() && result.booleanValue())) {
                    passes = false;
                    break;
                }
            }
            if (!passes) {
                continue;
            }
            String memberComponent = candidate.effectiveComponent();
            String countedInstance = null;
            if (memberComponent.equals(component)) {
                if (!instanceKnown) {
                    return new Choice(candidate, null);
                }
                countedInstance = instanceId;
            } else if (planner.splitPerInstance(candidate.member())) {
                Selectors selector = selectors.get(memberComponent);
                String ancestorInstance = single(selector.instance(), pod, selector.context(), "instance id");
                if (!view.ids(memberComponent).contains(ancestorInstance)) {
                    continue; // that stage does not exist for this object
                }
                countedInstance = ancestorInstance;
            }
            long count;
            try {
                count = claims == null ? scales.subtreeScale(view, memberComponent, countedInstance)
                        : claims.count(candidate.member(), memberComponent, countedInstance);
            } catch (RiEvaluationException e) {
                errors.add(e.getMessage());
                return new Choice(candidate, null);
            }
            if (PodGroupPlanner.needsPods(count)) {
                return new Choice(candidate, count);
            }
        }
        return null;
    }

    private List<String> groupKeys(PodGroupCandidate candidate, JsonNode pod) {
        MemberExpressions member = members.get(candidate.member());
        String[] keys = new String[member.groupBy().size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = single(member.groupBy().get(i), pod, member.context(), "group key");
        }
        return List.of(keys);
    }

    private static String single(JqExpression expression, JsonNode pod, String context, String what) {
        JsonNode result = singleResult(expression, pod, context, what);
        try {
            return JqValues.toText(result);
        } catch (IllegalArgumentException e) {
            // an object or array too large for a string; resolve() reports what it cannot do, it never throws
            throw new RiEvaluationException(expression.fieldPath(), context + ": the " + what + " path gives "
                    + (result.isArray() ? "an array" : "an object") + " on the pod that cannot serve as the " + what + ": "
                    + e.getMessage());
        }
    }

    /** Exactly one result that is neither null nor "", as the reference requires of pod paths. */
    static JsonNode singleResult(JqExpression expression, JsonNode pod, String context, String what) {
        List<JsonNode> results = Expressions.evaluate(expression, pod, context);
        if (results.size() != 1) {
            throw new RiEvaluationException(expression.fieldPath(), context + ": the " + what + " path gives "
                    + results.size() + " results on the pod; exactly one is needed");
        }
        JsonNode result = results.get(0);
        if (result == null || result.isNull() || (result.isTextual() && result.textValue().isEmpty())) {
            throw new RiEvaluationException(expression.fieldPath(), context + ": the " + what + " path gives "
                    + (result == null || result.isNull() ? "null" : "an empty string") + " on the pod; a non-empty value is needed");
        }
        return result;
    }
}
