package io.kindred.statusmapper.clusterstatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.VersionWatch;
import io.kindred.events.WatchPhase;
import io.kindred.statusmapper.watch.TypeWatches;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;

/** What the reporter publishes for a sequence of watch states: changes, heartbeats, tombstones, retries, stop. */
class ClusterStatusReporterTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-12-03T10:00:05Z");

    /** One record handed to the sink. */
    record Sent(String key, ClusterTypeStatusEvent event) {
    }

    static final class ListSink implements ClusterStatusSink {
        final List<Sent> sent = new ArrayList<>();
        final List<Outcome> outcomes = new ArrayList<>();
        boolean ack = true;
        boolean closed;

        @Override
        public void send(String key, ClusterTypeStatusEvent event, Outcome outcome) {
            sent.add(new Sent(key, event));
            outcomes.add(outcome);
            outcome.done(ack ? null : new IllegalStateException("broker down"));
        }

        @Override
        public void close() {
            closed = true;
        }

        List<Sent> drain() {
            List<Sent> copy = List.copyOf(sent);
            sent.clear();
            return copy;
        }
    }

    final AtomicReference<List<TypeWatches>> watches = new AtomicReference<>(List.of());
    final ListSink sink = new ListSink();
    final ClusterStatusReporter reporter = new ClusterStatusReporter("eu-1", watches::get, sink, Duration.ofSeconds(30),
            Clock.fixed(T1, ZoneOffset.UTC));

    static WatchStatus watch(String kind, String version, WatchState state, boolean lead, String error) {
        return new WatchStatus(kind + ".example.io/" + version, "example.io", version, kind, null, kind, 3, state, T0,
                lead, lead, true, 0, error, null, 0);
    }

    static TypeWatches type(String kind, WatchStatus... versions) {
        return new TypeWatches(kind, "example.io", 3, List.of(versions));
    }

    @Test
    void aReportNamesEveryVersionsStateInDeclaredOrderWithItsError() {
        TypeWatches job = type("TrainJob", watch("TrainJob", "v2", WatchState.WATCHING, true, "watch failed: reset"),
                watch("TrainJob", "v1", WatchState.KIND_NOT_INSTALLED, false, "kind TrainJob is not served in example.io/v1"),
                watch("TrainJob", "v3", WatchState.RESOLVING, false, null));

        ClusterTypeStatusEvent report = ClusterStatusReports.report("eu-1", job, T1);

        assertThat(report.getClusterId()).isEqualTo("eu-1");
        assertThat(report.getTypeName()).isEqualTo("TrainJob");
        assertThat(report.getGroup()).isEqualTo("example.io");
        assertThat(report.getTypeRevision()).isEqualTo(3);
        assertThat(report.getObservedAt()).isEqualTo(T1);
        assertThat(report.getVersions()).extracting(VersionWatch::getVersion).containsExactly("v2", "v1", "v3");
        assertThat(report.getVersions()).extracting(VersionWatch::getState)
                .containsExactly(WatchPhase.WATCHING, WatchPhase.KIND_NOT_INSTALLED, WatchPhase.STARTING);
        assertThat(report.getVersions()).extracting(VersionWatch::getError)
                .as("a watching version's reconnect error is not a reason it is not watched")
                .containsExactly(null, "kind TrainJob is not served in example.io/v1", null);
        assertThat(report.getVersions()).extracting(VersionWatch::getLead).containsExactly(true, false, false);
        assertThat(report.getVersions()).extracting(VersionWatch::getSince).containsOnly(T0);
        assertThat(ClusterStatusReports.key("eu-1", "TrainJob")).isEqualTo("eu-1/TrainJob");
    }

    @Test
    void everyWatchStateHasAPhase() {
        for (WatchState state : WatchState.values()) {
            assertThat(ClusterStatusReports.phase(state)).isNotNull().isNotEqualTo(WatchPhase.UNKNOWN);
        }
    }

    @Test
    void publishesOnlyChangesBetweenHeartbeatsAndEverythingAtAHeartbeat() {
        watches.set(List.of(type("A", watch("A", "v1", WatchState.KIND_NOT_INSTALLED, false, "missing")),
                type("B", watch("B", "v1", WatchState.WATCHING, true, null))));
        reporter.pass(false);
        assertThat(sink.drain()).extracting(Sent::key).containsExactly("eu-1/A", "eu-1/B");

        reporter.pass(false);
        assertThat(sink.drain()).as("nothing changed").isEmpty();

        watches.set(List.of(type("A", watch("A", "v1", WatchState.WATCHING, true, null)),
                type("B", watch("B", "v1", WatchState.WATCHING, true, null))));
        reporter.pass(false);
        List<Sent> changed = sink.drain();
        assertThat(changed).extracting(Sent::key).containsExactly("eu-1/A");
        assertThat(changed.get(0).event().getVersions().get(0).getState()).isEqualTo(WatchPhase.WATCHING);

        reporter.pass(true);
        assertThat(sink.drain()).as("heartbeat").extracting(Sent::key).containsExactly("eu-1/A", "eu-1/B");
    }

    @Test
    void anUnregisteredTypeGetsATombstoneOnce() {
        watches.set(List.of(type("A", watch("A", "v1", WatchState.WATCHING, true, null))));
        reporter.pass(false);
        sink.drain();

        watches.set(List.of());
        reporter.pass(false);
        List<Sent> sent = sink.drain();
        assertThat(sent).extracting(Sent::key).containsExactly("eu-1/A");
        assertThat(sent.get(0).event()).as("tombstone").isNull();

        reporter.pass(true);
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void whatKafkaRefusedIsSentAgainByTheNextPass() {
        watches.set(List.of(type("A", watch("A", "v1", WatchState.WATCHING, true, null))));
        sink.ack = false;
        reporter.pass(false);
        assertThat(sink.drain()).hasSize(1);

        sink.ack = true;
        reporter.pass(false);
        assertThat(sink.drain()).as("the refused report, although nothing changed").extracting(Sent::key)
                .containsExactly("eu-1/A");

        watches.set(List.of());
        sink.ack = false;
        reporter.pass(false);
        assertThat(sink.drain()).extracting(Sent::event).containsExactly((ClusterTypeStatusEvent) null);
        sink.ack = true;
        reporter.pass(false);
        assertThat(sink.drain()).as("the refused tombstone").extracting(Sent::key).containsExactly("eu-1/A");
        reporter.pass(false);
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void stoppingReportsEveryTypeStoppedAndClosesTheProducer() {
        watches.set(List.of(type("A", watch("A", "v1", WatchState.WATCHING, true, null),
                watch("A", "v2", WatchState.KIND_NOT_INSTALLED, false, "missing"))));
        reporter.pass(false);
        sink.drain();

        reporter.stop();

        List<Sent> sent = sink.drain();
        assertThat(sent).extracting(Sent::key).containsExactly("eu-1/A");
        assertThat(sent.get(0).event().getVersions()).extracting(VersionWatch::getState)
                .containsExactly(WatchPhase.STOPPED, WatchPhase.STOPPED);
        assertThat(sent.get(0).event().getVersions()).extracting(VersionWatch::getSince).containsOnly(T1);
        assertThat(sink.closed).isTrue();
    }
}
