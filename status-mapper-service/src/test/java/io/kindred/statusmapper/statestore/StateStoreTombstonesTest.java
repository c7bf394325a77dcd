package io.kindred.statusmapper.statestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.mapping.WorkloadTombstones;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The state-store rebuild plans the tombstones of deleted workloads from what the topic holds. */
class StateStoreTombstonesTest {

    private static final String UID = "0b6f7a52-3c1e-4d0a-8f3b-2a9c5e7d1f04";
    private static final Duration GRACE = Duration.ofMinutes(30);

    private final List<String> tombstoned = new CopyOnWriteArrayList<>();
    private final StatusEventSink topic = new StatusEventSink() {
        @Override
        public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
            outcome.published();
        }

        @Override
        public void sendTombstone(String uid, Outcome outcome) {
            tombstoned.add(uid);
            outcome.published();
        }
    };
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final WorkloadTombstones tombstones = new WorkloadTombstones(topic, GRACE, Clock.systemUTC(), () -> { });
    private final WorkloadStatusMapper mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(),
            new WorkloadTracker(new WorkloadKinds()), topic, new StatusMapperMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC(), retries, Duration.ofSeconds(1), tombstones);
    private final RestoredWorkloads restored = new RestoredWorkloads();

    @AfterEach
    void tearDown() {
        retries.shutdownNow();
    }

    private static WorkloadStatusEvent last(AbstractState state) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId("e-" + state).setObservedAt(Instant.now()).setClusterId("cluster-a")
                .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob").setNamespace("team-a")
                .setName("mnist").setUid(UID).setGeneration(1L).setWorkloadType(new WorkloadTypeRef("PyTorchJob", 1L))
                .setState(state).setMatchedStatuses(List.of()).setComponents(List.of()).build();
    }

    @Test
    void aDeletedRecordWrittenLongerAgoThanTheGraceIsTombstonedAtTheFirstSweep() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.RUNNING), Instant.now().minus(GRACE).minusSeconds(600),
                mapper, restored);
        StateStoreLoader.restoreOne(UID, last(AbstractState.DELETED), Instant.now().minus(GRACE).minusSeconds(1),
                mapper, restored);
        tombstones.sweep();
        assertThat(tombstoned).containsExactly(UID);
    }

    @Test
    void aDeletedRecordWithinTheGraceIsPlannedNotSent() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.DELETED), Instant.now().minusSeconds(5), mapper, restored);
        tombstones.sweep();
        assertThat(tombstoned).isEmpty();
        assertThat(tombstones.pending()).isEqualTo(1);
    }

    @Test
    void aDeletedRecordFollowedByItsTombstoneNeedsNone() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.DELETED), Instant.now().minus(GRACE).minusSeconds(1),
                mapper, restored);
        StateStoreLoader.restoreOne(UID, null, null, mapper, restored);
        tombstones.sweep();
        assertThat(tombstoned).isEmpty();
        assertThat(tombstones.pending()).isZero();
    }
}
