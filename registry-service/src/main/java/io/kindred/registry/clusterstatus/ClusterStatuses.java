package io.kindred.registry.clusterstatus;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the status mappers' reports on one workload type into Run:ai's {@code clusterStatuses} (pure functions).
 *
 * <p>One entry per reporting cluster. Phases:
 * <ul>
 * <li>{@code Ready}: every version the registry holds for the type is watched in the cluster; no conditions.</li>
 * <li>{@code NotReady}: at least one version is not watched; one condition per kind of problem, each naming the
 * versions and the error the cluster gave.</li>
 * <li>{@code Unknown}: the cluster's last report is older than the stale time; a {@code Stale} condition says since
 * when, followed by the conditions of the last report.</li>
 * </ul>
 * Condition types (status always "True", a problem that holds): {@code KindNotInstalled}, {@code DiscoveryFailed},
 * {@code WatchStarting}, {@code WatchStopped}, {@code WatchStateUnknown}, {@code VersionNotReported}, {@code Stale}.
 */
public final class ClusterStatuses {

    public static final String READY = "Ready";
    public static final String NOT_READY = "NotReady";
    public static final String UNKNOWN = "Unknown";

    /** A problem kind: condition type, reason, and the explanation used when the cluster gave no error text. */
    private enum Problem {
        KIND_NOT_INSTALLED("KindNotInstalled", "CrdNotInstalled", "the kind is not served (CRD not installed?)"),
        DISCOVERY_FAILED("DiscoveryFailed", "ApiDiscoveryFailed", "API discovery failed"),
        STARTING("WatchStarting", "InitialListNotComplete", "the watch is starting"),
        STOPPED("WatchStopped", "StatusMapperStopped", "the status mapper stopped watching"),
        UNKNOWN_STATE("WatchStateUnknown", "UnknownWatchState", "the cluster reported a state this registry does not know"),
        NOT_REPORTED("VersionNotReported", "VersionNotAppliedYet",
                "the cluster has not reported this version yet (it applied an earlier revision of the type)");

        final String type;
        final String reason;
        final String fallback;

        Problem(String type, String reason, String fallback) {
            this.type = type;
            this.reason = reason;
            this.fallback = fallback;
        }
    }

    private ClusterStatuses() {
    }

    /**
     * @param versions the versions the registry holds for the type, in its order
     * @param reports the latest report of each cluster on the type
     */
    public static List<WorkloadTypeStatus> of(List<String> versions, Collection<ClusterTypeStatusEvent> reports,
            Instant now, Duration staleAfter) {
        List<WorkloadTypeStatus> statuses = new ArrayList<>(reports.size());
        for (ClusterTypeStatusEvent report : reports) {
            statuses.add(of(versions, report, now, staleAfter));
        }
        statuses.sort(Comparator.comparing(WorkloadTypeStatus::clusterId));
        return statuses;
    }

    static WorkloadTypeStatus of(List<String> versions, ClusterTypeStatusEvent report, Instant now, Duration staleAfter) {
        Map<String, VersionWatch> reported = new LinkedHashMap<>();
        report.getVersions().forEach(v -> reported.put(v.getVersion(), v));

        Map<Problem, List<String>> messages = new LinkedHashMap<>();
        Map<Problem, Instant> since = new LinkedHashMap<>();
        for (String version : versions) {
            VersionWatch watch = reported.get(version);
            Problem problem = watch == null ? Problem.NOT_REPORTED : problem(watch.getState());
            if (problem == null) {
                continue;
            }
            String text = watch == null || watch.getError() == null ? problem.fallback : watch.getError();
            messages.computeIfAbsent(problem, p -> new ArrayList<>()).add(version + ": " + text);
            if (watch != null) {
                since.merge(problem, watch.getSince(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<WorkloadTypeCondition> conditions = new ArrayList<>();
        messages.forEach((problem, texts) -> conditions.add(new WorkloadTypeCondition(problem.type, "True",
                String.join("; ", texts), problem.reason, since.get(problem))));

        String phase = conditions.isEmpty() ? READY : NOT_READY;
        Instant reportedAt = report.getObservedAt();
        if (Duration.between(reportedAt, now).compareTo(staleAfter) > 0) {
            conditions.add(0, new WorkloadTypeCondition("Stale", "True",
                    "cluster " + report.getClusterId() + " has not reported on this type since " + reportedAt
                            + " (stale after " + staleAfter + "); last reported phase: " + phase,
                    "ClusterNotReporting", reportedAt));
            phase = UNKNOWN;
        }
        return new WorkloadTypeStatus(ClusterIds.toApi(report.getClusterId()), phase, conditions,
                version(versions, report), reportedAt);
    }

    /** The version the cluster maps objects of (its lead), else the first version the registry holds. */
    private static String version(List<String> versions, ClusterTypeStatusEvent report) {
        Optional<String> lead = report.getVersions().stream()
                .filter(v -> v.getLead() && v.getState() == WatchPhase.WATCHING && versions.contains(v.getVersion()))
                .map(VersionWatch::getVersion).findFirst();
        return lead.orElse(versions.isEmpty() ? null : versions.get(0));
    }

    /** The problem a watch state is, or null when the version is watched. */
    private static Problem problem(WatchPhase state) {
        return switch (state) {
            case WATCHING -> null;
            case STARTING -> Problem.STARTING;
            case KIND_NOT_INSTALLED -> Problem.KIND_NOT_INSTALLED;
            case DISCOVERY_FAILED -> Problem.DISCOVERY_FAILED;
            case STOPPED -> Problem.STOPPED;
            case UNKNOWN -> Problem.UNKNOWN_STATE;
        };
    }
}
