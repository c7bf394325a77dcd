package io.kindred.registry.clusterstatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mapping from status mapper reports to Run:ai's clusterStatuses, and the in-memory table of reports. */
class ClusterStatusesTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Instant T0 = Instant.parse("2026-12-03T11:00:00Z");
    static final Instant T1 = Instant.parse("2026-12-03T11:30:00Z");
    static final Duration STALE = Duration.ofMinutes(2);
    static final String CLUSTER = "0b9e2c4a-1f3d-4a5b-8c7d-6e5f4a3b2c1d";

    static VersionWatch v(String version, WatchPhase state, Instant since, String error, boolean lead) {
        return VersionWatch.newBuilder().setVersion(version).setState(state).setSince(since).setError(error)
                .setLead(lead).build();
    }

    static ClusterTypeStatusEvent report(String cluster, Instant observedAt, VersionWatch... versions) {
        return ClusterTypeStatusEvent.newBuilder().setEventId("e").setObservedAt(observedAt).setClusterId(cluster)
                .setTypeName("TrainJob").setGroup("example.io").setTypeRevision(2).setVersions(List.of(versions)).build();
    }

    @Test
    void readyWhenEveryRegisteredVersionIsWatched() {
        WorkloadTypeStatus status = ClusterStatuses.of(List.of("v1", "v2"), report(CLUSTER, NOW.minusSeconds(10),
                v("v1", WatchPhase.WATCHING, T0, null, false), v("v2", WatchPhase.WATCHING, T0, null, true)), NOW, STALE);

        assertThat(status.phase()).isEqualTo("Ready");
        assertThat(status.conditions()).isEmpty();
        assertThat(status.clusterId()).isEqualTo(CLUSTER);
        assertThat(status.version()).as("the lead").isEqualTo("v2");
        assertThat(status.updatedAt()).isEqualTo(NOW.minusSeconds(10));
    }

    @Test
    void notReadyWithOneConditionPerProblemNamingVersionsAndErrors() {
        WorkloadTypeStatus status = ClusterStatuses.of(List.of("v1", "v2", "v3", "v4", "v5"), report(CLUSTER, NOW,
                v("v1", WatchPhase.KIND_NOT_INSTALLED, T1, "kind TrainJob is not served in example.io/v1", false),
                v("v2", WatchPhase.WATCHING, T0, null, true),
                v("v3", WatchPhase.KIND_NOT_INSTALLED, T0, null, false),
                v("v4", WatchPhase.DISCOVERY_FAILED, T1, "API discovery of example.io/v4 failed: Forbidden", false),
                v("v5", WatchPhase.STARTING, T1, "initial list failed: Forbidden", false)), NOW, STALE);

        assertThat(status.phase()).isEqualTo("NotReady");
        assertThat(status.version()).isEqualTo("v2");
        assertThat(status.conditions()).extracting(WorkloadTypeCondition::type)
                .containsExactly("KindNotInstalled", "DiscoveryFailed", "WatchStarting");
        WorkloadTypeCondition missing = status.conditions().get(0);
        assertThat(missing.status()).isEqualTo("True");
        assertThat(missing.reason()).isEqualTo("CrdNotInstalled");
        assertThat(missing.message()).isEqualTo("v1: kind TrainJob is not served in example.io/v1; "
                + "v3: the kind is not served (CRD not installed?)");
        assertThat(missing.lastTransitionTime()).as("the earliest since").isEqualTo(T0);
        assertThat(status.conditions().get(1).message()).isEqualTo("v4: API discovery of example.io/v4 failed: Forbidden");
        assertThat(status.conditions().get(2).message()).isEqualTo("v5: initial list failed: Forbidden");
    }

    @Test
    void aStoppedMapperAndAnUnknownStateAreNotReady() {
        WorkloadTypeStatus stopped = ClusterStatuses.of(List.of("v1"), report(CLUSTER, NOW,
                v("v1", WatchPhase.STOPPED, T1, null, false)), NOW, STALE);
        assertThat(stopped.phase()).isEqualTo("NotReady");
        assertThat(stopped.conditions()).extracting(WorkloadTypeCondition::type).containsExactly("WatchStopped");
        assertThat(stopped.version()).as("nothing leads: the first registered version").isEqualTo("v1");

        WorkloadTypeStatus unknown = ClusterStatuses.of(List.of("v1"), report(CLUSTER, NOW,
                v("v1", WatchPhase.UNKNOWN, T1, null, false)), NOW, STALE);
        assertThat(unknown.conditions()).extracting(WorkloadTypeCondition::type).containsExactly("WatchStateUnknown");
    }

    @Test
    void aRegisteredVersionTheClusterHasNotReportedIsNotReadyAndAVersionNoLongerRegisteredIsIgnored() {
        WorkloadTypeStatus status = ClusterStatuses.of(List.of("v1", "v2"), report(CLUSTER, NOW,
                v("v0", WatchPhase.KIND_NOT_INSTALLED, T0, "gone", false), v("v1", WatchPhase.WATCHING, T0, null, true)),
                NOW, STALE);

        assertThat(status.phase()).isEqualTo("NotReady");
        assertThat(status.conditions()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("VersionNotReported");
            assertThat(c.message()).startsWith("v2: ");
            assertThat(c.lastTransitionTime()).isNull();
        });
    }

    @Test
    void aClusterWhoseReportIsOlderThanTheStaleTimeIsUnknownWithAStaleConditionFirst() {
        Instant last = NOW.minus(STALE).minusMillis(1);
        WorkloadTypeStatus stale = ClusterStatuses.of(List.of("v1"), report("eu-west", last,
                v("v1", WatchPhase.KIND_NOT_INSTALLED, T0, "not served", false)), NOW, STALE);

        assertThat(stale.phase()).isEqualTo("Unknown");
        assertThat(stale.conditions()).extracting(WorkloadTypeCondition::type).containsExactly("Stale", "KindNotInstalled");
        assertThat(stale.conditions().get(0).reason()).isEqualTo("ClusterNotReporting");
        assertThat(stale.conditions().get(0).lastTransitionTime()).isEqualTo(last);
        assertThat(stale.conditions().get(0).message()).contains("eu-west").contains("PT2M")
                .contains("last reported phase: NotReady");
        assertThat(stale.updatedAt()).isEqualTo(last);

        WorkloadTypeStatus fresh = ClusterStatuses.of(List.of("v1"), report("eu-west", NOW.minus(STALE),
                v("v1", WatchPhase.WATCHING, T0, null, true)), NOW, STALE);
        assertThat(fresh.phase()).as("exactly the stale time is not stale yet").isEqualTo("Ready");
    }

    @Test
    void clustersAreListedByIdAndNonUuidIdsAreShownAsTheirNameBasedUuid() {
        String derived = UUID.nameUUIDFromBytes("kindred-cluster:eu-west".getBytes(StandardCharsets.UTF_8)).toString();
        List<WorkloadTypeStatus> statuses = ClusterStatuses.of(List.of("v1"), List.of(
                report("eu-west", NOW, v("v1", WatchPhase.WATCHING, T0, null, true)),
                report(CLUSTER, NOW, v("v1", WatchPhase.WATCHING, T0, null, true))), NOW, STALE);

        assertThat(statuses).extracting(WorkloadTypeStatus::clusterId)
                .containsExactly(CLUSTER, derived).isSorted();
        assertThat(ClusterIds.toApi(CLUSTER.toUpperCase())).isEqualTo(CLUSTER);
        assertThat(ClusterIds.toApi("1-1-1-1-1")).as("not canonical: derived").isNotEqualTo("00000001-0001-0001-0001-000000000001");
        assertThat(ClusterIds.toApi("eu-west")).isEqualTo(derived).isEqualTo(ClusterIds.toApi("eu-west"));
    }

    @Test
    void theTableKeepsTheLatestReportPerClusterAndForgetsItOnATombstone() {
        Map<String, Map<String, ClusterTypeStatusEvent>> table = ClusterReports.newTable();
        ClusterReports.apply(table, "a/TrainJob", report("a", T0, v("v1", WatchPhase.STARTING, T0, null, false)));
        ClusterReports.apply(table, "a/TrainJob", report("a", T1, v("v1", WatchPhase.WATCHING, T1, null, true)));
        ClusterReports.apply(table, "b/c/TrainJob", report("b/c", T1, v("v1", WatchPhase.WATCHING, T1, null, true)));
        assertThat(table.get("TrainJob")).containsOnlyKeys("a", "b/c");
        assertThat(table.get("TrainJob").get("a").getObservedAt()).isEqualTo(T1);

        ClusterReports.apply(table, "b/c/TrainJob", null);
        assertThat(table.get("TrainJob")).containsOnlyKeys("a");
        ClusterReports.apply(table, "a/TrainJob", null);
        assertThat(table).doesNotContainKey("TrainJob");
        ClusterReports.apply(table, "a/Unknown", null);

        assertThatThrownBy(() -> ClusterReports.apply(table, "no-slash", null))
                .hasMessageContaining("<clusterId>/<type name>");
    }
}
