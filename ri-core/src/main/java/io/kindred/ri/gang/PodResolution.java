package io.kindred.ri.gang;

import java.util.List;

/**
 * Where a pod belongs, by the RI's gang-scheduling instructions. Any part that does not apply, or could not be
 * worked out, is {@code null}; {@code errors} says what could not be worked out (each message starts with the RI
 * field at fault when there is one). Parts are computed independently where possible, so an error in, say, the
 * group keys still leaves the component and instance filled in.
 *
 * @param component       the pod's component (a leaf, unless given explicitly)
 * @param instanceId      the component instance the pod belongs to; {@code null} when the component has no
 *                        instances to tell apart (no instanceIdPath, no instances, or no podSelector)
 * @param replicaKey      the replica the pod belongs to, from the replicaSelector of its component or of the
 *                        nearest ancestor that has one (descendants inherit the replica context)
 * @param podGroup        the name of the pod-group definition the pod falls in; {@code null} when no member takes it
 * @param memberComponent the component named by the member that took the pod: the pod's component or an ancestor
 * @param groupKeys       the values of that member's groupByKeyPaths on the pod, which with the workload identify the
 *                        concrete pod group
 * @param minMember       the subtree scale of {@code memberComponent} — for the pod's instance when the member names
 *                        the pod's own component and the pod has an instance, else for the whole component
 * @param errors          what could not be worked out
 */
public record PodResolution(
        String component,
        String instanceId,
        String replicaKey,
        String podGroup,
        String memberComponent,
        List<String> groupKeys,
        Long minMember,
        List<String> errors) {

    public PodResolution {
        groupKeys = groupKeys == null ? null : List.copyOf(groupKeys);
        errors = List.copyOf(errors);
    }

    /** True when everything that applies was worked out. */
    public boolean isComplete() {
        return errors.isEmpty();
    }
}
