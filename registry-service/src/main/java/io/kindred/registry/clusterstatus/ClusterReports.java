package io.kindred.registry.clusterstatus;

import io.kindred.events.ClusterTypeStatusEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest report of every (cluster, workload type) read from {@code cluster-type-status}, indexed by type name.
 * Written by the reader thread, read by API requests.
 */
final class ClusterReports {

    private volatile Map<String, Map<String, ClusterTypeStatusEvent>> byType = new ConcurrentHashMap<>();

    /** Applies one record: a report replaces the cluster's previous one, a tombstone (null) removes it. */
    void apply(String key, ClusterTypeStatusEvent report) {
        apply(byType, key, report);
    }

    /** Replaces everything at once (after a full re-read), so requests never see a half-read table. */
    void replaceAll(Map<String, Map<String, ClusterTypeStatusEvent>> table) {
        byType = table;
    }

    static Map<String, Map<String, ClusterTypeStatusEvent>> newTable() {
        return new ConcurrentHashMap<>();
    }

    static void apply(Map<String, Map<String, ClusterTypeStatusEvent>> table, String key,
            ClusterTypeStatusEvent report) {
        if (report != null) {
            table.computeIfAbsent(report.getTypeName(), t -> new ConcurrentHashMap<>()).put(report.getClusterId(), report);
            return;
        }
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("tombstone key '" + key + "' is not <clusterId>/<type name>");
        }
        String cluster = key.substring(0, slash);
        String type = key.substring(slash + 1);
        table.computeIfPresent(type, (t, clusters) -> {
            clusters.remove(cluster);
            return clusters.isEmpty() ? null : clusters;
        });
    }

    Collection<ClusterTypeStatusEvent> of(String typeName) {
        Map<String, ClusterTypeStatusEvent> clusters = byType.get(typeName);
        return clusters == null ? List.of() : List.copyOf(clusters.values());
    }

    int size() {
        return byType.values().stream().mapToInt(Map::size).sum();
    }
}
