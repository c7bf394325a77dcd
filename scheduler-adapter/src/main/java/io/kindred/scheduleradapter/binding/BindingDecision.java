package io.kindred.scheduleradapter.binding;

import io.kindred.scheduleradapter.backend.PodBinding;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.Root;

/** What the adapter does with one pod. */
public sealed interface BindingDecision {

    /** Not a pod of a registered workload, or not for the configured scheduler: left alone. */
    record NotManaged(String reason) implements BindingDecision {
    }

    /** Its controller is of a registered kind but not in the cache yet: decided later, by the reconciler. */
    record OwnerNotKnownYet(String reason) implements BindingDecision {
    }

    /** A pod of a registered workload that cannot be placed in a group (matches no component, or several). */
    record Unplaceable(Root root, String reason) implements BindingDecision {
    }

    /** Joins {@code group}. */
    record Bind(Root root, GangGroup group, PodBinding binding) implements BindingDecision {
    }
}
