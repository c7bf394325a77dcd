package io.kindred.statusmapper.mapping;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

import io.kindred.events.AbstractState;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;

/**
 * Interns workload type names (= Kinds) into small indexes so each tracked workload stores an int, and keeps the
 * number of tracked workloads per kind and state (the {@code kindred_statusmapper_workloads} gauge).
 * Indexes are never reused, so a late callback can never count against the wrong kind.
 */
public final class WorkloadKinds implements StatusMapperMetrics.WorkloadCounts {

    private static final int STATES = AbstractState.values().length;

    private final ConcurrentHashMap<String, Integer> indexByName = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<String> names = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<AtomicLongArray> counts = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> newKindListeners = new CopyOnWriteArrayList<>();

    public int indexOf(String kind) {
        Integer index = indexByName.get(kind);
        if (index != null) {
            return index;
        }
        synchronized (this) {
            index = indexByName.get(kind);
            if (index != null) {
                return index;
            }
            counts.add(new AtomicLongArray(STATES));
            names.add(kind);
            int created = names.size() - 1;
            indexByName.put(kind, created);
            newKindListeners.forEach(l -> l.accept(kind));
            return created;
        }
    }

    /** Called once per kind name the first time it is seen (metrics register their gauges there). */
    @Override
    public synchronized void onNewKind(Consumer<String> listener) {
        newKindListeners.add(listener);
        names.forEach(listener);
    }

    /** Number of tracked workloads of that kind in that state. */
    @Override
    public long count(String kind, AbstractState state) {
        Integer index = indexByName.get(kind);
        return index == null ? 0 : counts.get(index).get(state.ordinal());
    }

    void moved(int kind, AbstractState from, AbstractState to) {
        AtomicLongArray perState = counts.get(kind);
        if (from != null) {
            perState.decrementAndGet(from.ordinal());
        }
        if (to != null) {
            perState.incrementAndGet(to.ordinal());
        }
    }

    void resetCounts() {
        for (AtomicLongArray perState : counts) {
            for (int i = 0; i < STATES; i++) {
                perState.set(i, 0);
            }
        }
    }
}
