package io.kindred.registry.preview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kindred.registry.errors.Problem;
import io.kindred.ri.gang.PodResolution;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.status.RiCondition;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.List;

/**
 * What ri-core computes for a sample object. {@code valid}/{@code errors} are about the RI itself; when it is not
 * valid nothing else is computed. Each computed part carries its own evaluation errors (a bad sample object is an
 * answer too, not a failure of the request). {@code warnings} ({path, message}) are ri-core's stricter findings on an
 * RI that is valid nonetheless (as in the reference implementation), and remarks on the sample object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewResult(
        boolean valid,
        List<Problem> errors,
        String workloadTypeId,
        String version,
        List<Problem> warnings,
        Status status,
        WorkloadStructure structure,
        PodGroups podGroups,
        PodResolution pod) {

    /** The abstract state by its display name (Running, Failed…), as the RI's status names read. */
    public record Status(String state, List<String> matchedStatuses, String phase, List<RiCondition> conditions, List<String> errors) {
    }

    public record PodGroups(List<RiPodGroupRequirement> requirements, List<String> errors) {
    }

    static PreviewResult invalid(List<Problem> errors, List<Problem> warnings) {
        return new PreviewResult(false, errors, null, null, warnings.isEmpty() ? null : warnings, null, null, null, null);
    }
}
