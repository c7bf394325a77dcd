package io.kindred.statusmapper.mapping;

import java.util.List;

import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.Condition;
import io.kindred.events.PodGroupRequirement;

/**
 * What the Resource Interface says about one object, already in the shape of the status event.
 *
 * @param error why part of the evaluation failed (then {@code state} is UNDEFINED), or null
 */
public record WorkloadEvaluation(AbstractState state, List<String> matchedStatuses, String phase,
                                 List<Condition> conditions, List<ComponentScale> components,
                                 List<PodGroupRequirement> podGroups, String error) {
}
