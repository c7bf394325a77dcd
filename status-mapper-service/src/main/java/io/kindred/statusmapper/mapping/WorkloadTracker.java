package io.kindred.statusmapper.mapping;

import java.util.concurrent.ConcurrentHashMap;

import io.kindred.events.AbstractState;

/**
 * The last published state of every workload, keyed by UID: the service's only per-workload memory.
 * <p>
 * Filled from the state store at start, then kept up to date by the mapping path. All changes of one UID go through
 * {@link ConcurrentHashMap#compute}, which is what serialises the decision "publish or not" with the publication
 * itself, and so keeps the records of one workload in order on the topic.
 */
public final class WorkloadTracker {

    /** Decides, under the per-UID lock, what the entry becomes; may publish. Returns null to drop the entry. */
    @FunctionalInterface
    interface Transition {
        TrackedWorkload apply(TrackedWorkload current);
    }

    private final ConcurrentHashMap<Object, TrackedWorkload> byUid = new ConcurrentHashMap<>(1 << 12);
    private final WorkloadKinds kinds;

    public WorkloadTracker(WorkloadKinds kinds) {
        this.kinds = kinds;
    }

    public WorkloadKinds kinds() {
        return kinds;
    }

    /** The state last published for that UID, or null when nothing is tracked. */
    public AbstractState stateOf(String uid) {
        TrackedWorkload tracked = byUid.get(WorkloadKeys.of(uid));
        return tracked == null ? null : tracked.state();
    }

    public int size() {
        return byUid.size();
    }

    void update(String uid, Transition transition) {
        byUid.compute(WorkloadKeys.of(uid), (key, current) -> {
            TrackedWorkload next = transition.apply(current);
            if (next != current) {
                kinds.moved(current != null ? current.kind : next.kind,
                        current == null ? null : current.state(), next == null ? null : next.state());
            }
            return next;
        });
    }

    /** Marks the entry as not published if it is still {@code expected} (see {@link TrackedWorkload#unconfirmed()}). */
    void unconfirm(String uid, TrackedWorkload expected) {
        byUid.computeIfPresent(WorkloadKeys.of(uid), (key, current) -> current == expected ? current.unconfirmed() : current);
    }

    /** Restores one entry read back from the state store. */
    void restore(String uid, TrackedWorkload restored) {
        update(uid, current -> restored);
    }

    /** Forgets one workload (its last record said DELETED, or it belongs to another cluster). */
    public void forget(String uid) {
        update(uid, current -> null);
    }

    /** Forgets every workload of a kind that is no longer registered. */
    public void forgetKind(String kind) {
        int index = kinds.indexOf(kind);
        byUid.entrySet().removeIf(e -> {
            if (e.getValue().kind == index) {
                kinds.moved(index, e.getValue().state(), null);
                return true;
            }
            return false;
        });
    }

    public void clear() {
        byUid.clear();
        kinds.resetCounts();
    }
}
