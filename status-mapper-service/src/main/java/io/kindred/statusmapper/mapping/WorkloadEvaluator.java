package io.kindred.statusmapper.mapping;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.Condition;
import io.kindred.events.PodGroupRequirement;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.status.RiCondition;
import io.kindred.ri.status.RiState;
import io.kindred.ri.status.StatusResult;
import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.WorkloadStructure;
import io.kindred.workloadtypes.KindBinding;

/**
 * Evaluates an object's Resource Interface (ri-core) and shapes the result as the status event carries it.
 * <p>
 * Never throws for a bad object. Any problem — a jq expression failing on this object, values of the wrong type,
 * instance ids that do not pair with values — makes the state UNDEFINED with the problems in {@code error}; whatever
 * could still be read (phase, conditions, the components that were readable) is kept.
 */
public class WorkloadEvaluator {

    /** An error text longer than this is cut: it travels in every event of the object and in log lines. */
    static final int MAX_ERROR_LENGTH = 2_000;

    private static final String UNDEFINED = RiState.UNDEFINED.displayName();

    public WorkloadEvaluation evaluate(KindBinding binding, JsonNode object) {
        CompiledResourceInterface ri = binding.resourceInterface();
        List<String> errors = new ArrayList<>(2);

        AbstractState state = AbstractState.UNDEFINED;
        List<String> matched = List.of();
        String phase = null;
        List<Condition> conditions = List.of();
        try {
            StatusResult status = ri.status(object);
            state = AbstractState.valueOf(status.state().name());
            matched = matchedStatuses(status.matchedStatuses());
            phase = status.phase();
            conditions = conditions(status.conditions());
            errors.addAll(status.errors());
        } catch (RuntimeException e) {
            errors.add("status: " + e.getMessage());
        }

        List<ComponentScale> components = List.of();
        boolean structureRead = false;
        try {
            WorkloadStructure structure = ri.structure(object);
            components = scales(structure);
            errors.addAll(structure.errors());
            structureRead = structure.isComplete();
        } catch (RuntimeException e) {
            errors.add("structure: " + e.getMessage());
        }

        List<PodGroupRequirement> podGroups = List.of();
        // Gang sizes come from the structure; when it could not be read they would be wrong, so they are left out.
        if (structureRead) {
            try {
                podGroups = podGroups(ri.podGroups(object));
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }

        String error = null;
        if (!errors.isEmpty()) {
            state = AbstractState.UNDEFINED;
            error = String.join("; ", errors);
            if (error.length() > MAX_ERROR_LENGTH) {
                error = error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
            }
        }
        return new WorkloadEvaluation(state, matched, phase, conditions, components, podGroups, error);
    }

    /** ri-core reports "Undefined" when nothing matched; the event lists only status definitions that matched. */
    private static List<String> matchedStatuses(List<String> reported) {
        if (reported.size() == 1 && UNDEFINED.equals(reported.get(0))) {
            return List.of();
        }
        return reported;
    }

    private static List<Condition> conditions(List<RiCondition> read) {
        if (read.isEmpty()) {
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>(read.size());
        for (RiCondition c : read) {
            conditions.add(new Condition(c.type() == null ? "" : c.type(), c.status() == null ? "" : c.status(),
                    c.reason(), c.message()));
        }
        return conditions;
    }

    /**
     * One entry per instance of every component that was read, in definition order; the scale is all null for a
     * component without a scaleDefinition. The instances matter even then: consumers recompute gang sizes from
     * this list, and a component missing from it has no instances (ri-core ReportedScales).
     */
    private static List<ComponentScale> scales(WorkloadStructure structure) {
        List<ComponentScale> scales = new ArrayList<>();
        for (ComponentStructure component : structure.components().values()) {
            for (String id : component.instanceIds()) {
                InstanceStructure instance = component.instance(id);
                Scale scale = instance == null || instance.scale() == null ? Scale.ABSENT : instance.scale();
                scales.add(new ComponentScale(component.name(), id, scale.replicas(), scale.minReplicas(),
                        scale.maxReplicas()));
            }
        }
        return scales;
    }

    private static List<PodGroupRequirement> podGroups(List<RiPodGroupRequirement> required) {
        if (required.isEmpty()) {
            return List.of();
        }
        List<PodGroupRequirement> groups = new ArrayList<>(required.size());
        for (RiPodGroupRequirement group : required) {
            groups.add(new PodGroupRequirement(group.name(), group.minMember(), group.members()));
        }
        return groups;
    }
}
