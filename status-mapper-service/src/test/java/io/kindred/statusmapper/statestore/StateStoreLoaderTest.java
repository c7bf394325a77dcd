package io.kindred.statusmapper.statestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadStatusMapper;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class StateStoreLoaderTest {

    private static final String UID = "0b6f7a52-3c1e-4d0a-8f3b-2a9c5e7d1f04";

    private final WorkloadTracker tracker = new WorkloadTracker(new WorkloadKinds());
    private final WorkloadStatusMapper mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker,
            (uid, event, outcome) -> outcome.published(), new StatusMapperMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());
    private final RestoredWorkloads restored = new RestoredWorkloads();

    private static WorkloadStatusEvent last(AbstractState state) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId("e-" + state).setObservedAt(Instant.parse("2026-11-28T12:00:00Z")).setClusterId("cluster-a")
                .setGroup("kubeflow.org").setVersion("v1").setKind("PyTorchJob").setNamespace("team-a")
                .setName("mnist").setUid(UID).setGeneration(1L).setWorkloadType(new WorkloadTypeRef("PyTorchJob", 1L))
                .setState(state).setMatchedStatuses(List.of()).setComponents(List.of()).build();
    }

    @Test
    void theLastRecordOfAUidIsRestoredForTheReconciliation() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.INITIALIZING), mapper, restored);
        StateStoreLoader.restoreOne(UID, last(AbstractState.RUNNING), mapper, restored);

        assertThat(tracker.stateOf(UID)).isEqualTo(AbstractState.RUNNING);
        assertThat(restored.take("PyTorchJob")).extracting(WorkloadStatusEvent::getState)
                .containsExactly(AbstractState.RUNNING);
    }

    @Test
    void aTombstoneAfterARecordLeavesNothingOfTheUid() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.RUNNING), mapper, restored);
        StateStoreLoader.restoreOne(UID, null, mapper, restored);

        assertThat(tracker.stateOf(UID)).as("tracked state after the tombstone").isNull();
        assertThat(tracker.size()).isZero();
        assertThat(restored.size()).as("restored workloads after the tombstone").isZero();
    }

    @Test
    void aDeletedRecordLeavesNothingOfTheUid() {
        StateStoreLoader.restoreOne(UID, last(AbstractState.RUNNING), mapper, restored);
        StateStoreLoader.restoreOne(UID, last(AbstractState.DELETED), mapper, restored);

        assertThat(tracker.size()).isZero();
        assertThat(restored.size()).isZero();
    }
}
