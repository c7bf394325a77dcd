package io.kindred.workloadtypes;

import java.util.List;

import io.kindred.ri.model.GroupVersionKind;

/**
 * The effect of one workload-types record on the table, as the watch layer needs it.
 *
 * @param added GVKs that are now registered and were not before: start watching them
 * @param updated GVKs that stay registered under a new revision
 * @param removed GVKs that are no longer registered: stop watching them
 * @param ignoredBecause why the record changed nothing (duplicate, older revision…), or null when it was applied
 */
public record TypeTableChange(List<KindBinding> added, List<KindUpdate> updated, List<GroupVersionKind> removed,
                              String ignoredBecause) {

    /** A GVK kept across revisions; {@code resourceInterfaceChanged} says whether its objects must be re-evaluated. */
    public record KindUpdate(KindBinding binding, boolean resourceInterfaceChanged) {
    }

    public static TypeTableChange ignored(String reason) {
        return new TypeTableChange(List.of(), List.of(), List.of(), reason);
    }

    public boolean applied() {
        return ignoredBecause == null;
    }

    public boolean isEmpty() {
        return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
    }
}
