package io.kindred.ri.status;

import java.util.List;

/**
 * The status of a workload as its RI reads it.
 *
 * @param state           the one state, by precedence among the matched statuses
 * @param matchedStatuses display names of every matched status, in the reference matching order (Running, Failed,
 *                        Completed, Initializing, Degraded); {@code ["Undefined"]} when none matched
 * @param phase           the phase read, or {@code null}
 * @param conditions      the conditions read, in the workload's order
 * @param errors          problems met while evaluating (each naming the RI field); empty when all went well
 */
public record StatusResult(
        RiState state,
        List<String> matchedStatuses,
        String phase,
        List<RiCondition> conditions,
        List<String> errors) {

    public StatusResult {
        matchedStatuses = List.copyOf(matchedStatuses);
        conditions = List.copyOf(conditions);
        errors = List.copyOf(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
