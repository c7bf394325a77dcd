package io.kindred.statusmapper.clusterstatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import io.kindred.statusmapper.watch.TypeWatches;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;

/** Turns the watches of one type into the {@code cluster-type-status} record of this cluster (pure functions). */
public final class ClusterStatusReports {

    private ClusterStatusReports() {
    }

    /** Record key: cluster id, '/', type name. A Kind has no '/', so readers split at the last one. */
    public static String key(String clusterId, String typeName) {
        return clusterId + "/" + typeName;
    }

    public static ClusterTypeStatusEvent report(String clusterId, TypeWatches type, Instant now) {
        List<VersionWatch> versions = type.versions().stream().map(ClusterStatusReports::version).toList();
        return event(clusterId, type.typeName(), type.group(), type.revision(), versions, now);
    }

    /**
     * The last word of a stopping service on a type it reported: every version {@code STOPPED} since {@code now},
     * so readers need not wait for the report to go stale to know nobody watches.
     */
    public static ClusterTypeStatusEvent stopped(ClusterTypeStatusEvent last, Instant now) {
        List<VersionWatch> versions = last.getVersions().stream()
                .map(v -> VersionWatch.newBuilder().setVersion(v.getVersion()).setState(WatchPhase.STOPPED)
                        .setSince(now).setError(null).setLead(false).build())
                .toList();
        return event(last.getClusterId(), last.getTypeName(), last.getGroup(), last.getTypeRevision(), versions, now);
    }

    /** True when the two reports say the same about the type (everything but eventId and observedAt). */
    public static boolean sameContent(ClusterTypeStatusEvent a, ClusterTypeStatusEvent b) {
        return a != null && b != null && a.getClusterId().equals(b.getClusterId())
                && a.getTypeName().equals(b.getTypeName()) && a.getGroup().equals(b.getGroup())
                && a.getTypeRevision() == b.getTypeRevision() && a.getVersions().equals(b.getVersions());
    }

    static WatchPhase phase(WatchState state) {
        return switch (state) {
            case WATCHING -> WatchPhase.WATCHING;
            // RESOLVING: asking discovery right now; the kind may well be served, the watch is being set up.
            case RESOLVING, STARTING -> WatchPhase.STARTING;
            case KIND_NOT_INSTALLED -> WatchPhase.KIND_NOT_INSTALLED;
            case DISCOVERY_FAILED -> WatchPhase.DISCOVERY_FAILED;
            case STOPPED -> WatchPhase.STOPPED;
        };
    }

    private static VersionWatch version(WatchStatus watch) {
        WatchPhase phase = phase(watch.state());
        return VersionWatch.newBuilder()
                .setVersion(watch.version())
                .setState(phase)
                .setSince(watch.since())
                // A watching version may carry a transient reconnect error: not a reason it is not watched.
                .setError(phase == WatchPhase.WATCHING ? null : watch.lastError())
                .setLead(watch.lead())
                .build();
    }

    private static ClusterTypeStatusEvent event(String clusterId, String typeName, String group, long revision,
                                                List<VersionWatch> versions, Instant now) {
        return ClusterTypeStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setObservedAt(now)
                .setClusterId(clusterId)
                .setTypeName(typeName)
                .setGroup(group)
                .setTypeRevision(revision)
                .setVersions(versions)
                .build();
    }
}
