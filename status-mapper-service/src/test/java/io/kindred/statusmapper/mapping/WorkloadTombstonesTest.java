package io.kindred.statusmapper.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WorkloadTombstonesTest {

    private static final String UID = "1a2b3c4d-0a9e-4c4f-9d57-1d2e3f405162";
    private static final String OTHER = "9f8e7d6c-0a9e-4c4f-9d57-1d2e3f405162";
    private static final Duration GRACE = Duration.ofMinutes(10);

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-03T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    /** Records events and tombstones in order; refuses the tombstones it is told to. */
    static final class Topic implements StatusEventSink {
        final List<String> records = new CopyOnWriteArrayList<>();
        volatile int refuseTombstones;

        @Override
        public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
            records.add(event.getState() + " " + uid);
            outcome.published();
        }

        @Override
        public void sendTombstone(String uid, Outcome outcome) {
            if (refuseTombstones > 0) {
                refuseTombstones--;
                outcome.failed(new IllegalStateException("broker gone"));
                return;
            }
            records.add("tombstone " + uid);
            outcome.published();
        }
    }

    private final MovableClock clock = new MovableClock();
    private final Topic topic = new Topic();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StatusMapperMetrics metrics = new StatusMapperMetrics(meters);
    private final WorkloadTombstones tombstones = new WorkloadTombstones(topic, GRACE, clock, metrics::tombstonePublished);
    private final WorkloadTracker tracker = new WorkloadTracker(new WorkloadKinds());
    private final WorkloadStatusMapper mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker,
            topic, metrics, clock, retries, Duration.ofMillis(50), tombstones);

    @AfterEach
    void tearDown() {
        retries.shutdownNow();
    }

    private KindBinding pytorch() throws Exception {
        String ri = TestTopics.ri("pytorchjob-v1.json", Map.of());
        GroupVersionKind gvk = new GroupVersionKind("kubeflow.org", "v1", "PyTorchJob");
        return new KindBinding(gvk, "PyTorchJob", 7, ri, new ResourceInterfaceCompiler().compile("test", ri, gvk));
    }

    @Test
    void aDeletedWorkloadIsTombstonedOnceItsDeletedRecordHasBeenOutForTheGrace() throws Exception {
        KindBinding pytorch = pytorch();
        mapper.onUpsert(pytorch, PublicationRetryTest.job("1", "Created"), System.nanoTime());
        mapper.onDelete(pytorch, PublicationRetryTest.job("2", "Created"), System.nanoTime());
        assertThat(tombstones.pending()).isEqualTo(1);

        clock.advance(GRACE.minusSeconds(1));
        tombstones.sweep();
        assertThat(topic.records).as("within the grace").containsExactly("INITIALIZING " + UID, "DELETED " + UID);

        clock.advance(Duration.ofSeconds(1));
        tombstones.sweep();
        tombstones.sweep();
        assertThat(topic.records).containsExactly("INITIALIZING " + UID, "DELETED " + UID, "tombstone " + UID);
        assertThat(tombstones.pending()).isZero();
        assertThat(meters.find("kindred.statusmapper.tombstones.published").counter().count()).isEqualTo(1);
    }

    @Test
    void theGraceStartsWhenARefusedDeletedRecordIsFinallyOut() throws Exception {
        KindBinding pytorch = pytorch();
        mapper.onUpsert(pytorch, PublicationRetryTest.job("1", "Created"), System.nanoTime());
        StatusEventSink refusingOnce = new StatusEventSink() {
            boolean refused;

            @Override
            public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
                if (!refused) {
                    refused = true;
                    outcome.failed(new IllegalStateException("broker gone"));
                    return;
                }
                topic.send(uid, event, outcome);
            }
        };
        WorkloadStatusMapper refusing = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker,
                refusingOnce, metrics, clock, retries, Duration.ofMillis(50), tombstones);
        refusing.onDelete(pytorch, PublicationRetryTest.job("2", "Created"), System.nanoTime());
        assertThat(tombstones.pending()).as("not out yet: no tombstone planned").isZero();

        Awaitility.await().until(() -> topic.records.contains("DELETED " + UID));
        assertThat(tombstones.pending()).isEqualTo(1);
    }

    @Test
    void aRefusedTombstoneIsSentAgainAtTheNextSweep() {
        tombstones.restoredDeleted(UID, clock.instant().minus(GRACE));
        topic.refuseTombstones = 1;
        tombstones.sweep();
        assertThat(topic.records).isEmpty();
        assertThat(tombstones.pending()).isEqualTo(1);

        tombstones.sweep();
        assertThat(topic.records).containsExactly("tombstone " + UID);
        assertThat(tombstones.pending()).isZero();
    }

    @Test
    void restoredDeletedRecordsAreTombstonedAtOnceWhenDueAndOnTimeOtherwise() {
        WorkloadStatusEvent deletedLongAgo = deleted(UID);
        WorkloadStatusEvent deletedJustNow = deleted(OTHER);
        mapper.restore(deletedLongAgo, clock.instant().minus(GRACE).minusSeconds(5));
        mapper.restore(deletedJustNow, clock.instant().minusSeconds(60));

        tombstones.sweep();
        assertThat(topic.records).containsExactly("tombstone " + UID);

        clock.advance(GRACE.minusSeconds(60));
        tombstones.sweep();
        assertThat(topic.records).containsExactly("tombstone " + UID, "tombstone " + OTHER);
    }

    @Test
    void aUidTheTopicAlreadyTombstonedOrThatCameBackIsNotTombstoned() {
        mapper.restore(deleted(UID), clock.instant().minus(GRACE));
        tombstones.forget(UID);
        mapper.restore(deleted(OTHER), clock.instant().minus(GRACE));
        mapper.restore(record(OTHER, AbstractState.RUNNING), clock.instant());

        tombstones.sweep();
        assertThat(topic.records).isEmpty();
        assertThat(tracker.stateOf(OTHER)).isEqualTo(AbstractState.RUNNING);
    }

    @Test
    void theSweepIntervalIsATenthOfTheGraceWithinBounds() {
        assertThat(WorkloadTombstones.sweepInterval(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(WorkloadTombstones.sweepInterval(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(WorkloadTombstones.sweepInterval(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    private WorkloadStatusEvent deleted(String uid) {
        return record(uid, AbstractState.DELETED);
    }

    private WorkloadStatusEvent record(String uid, AbstractState state) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId("e-" + uid).setObservedAt(clock.instant()).setClusterId("cluster-a")
                .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob").setNamespace("team-a")
                .setName("mnist").setUid(uid).setGeneration(1L)
                .setWorkloadType(new io.kindred.events.WorkloadTypeRef("PyTorchJob", 1L))
                .setState(state).setMatchedStatuses(List.of()).setComponents(List.of()).build();
    }
}
