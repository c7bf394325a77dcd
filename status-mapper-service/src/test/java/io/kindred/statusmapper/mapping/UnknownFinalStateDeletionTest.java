package io.kindred.statusmapper.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The watch cache keeps identities only, so a deletion the informer notices by re-listing (its watch event was
 * missed) comes with nothing but namespace, name, UID and resourceVersion: it is announced without evaluating the
 * RI on that husk (which would publish UNDEFINED with RI errors as the workload's last values).
 */
class UnknownFinalStateDeletionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UID = "1a2b3c4d-0a9e-4c4f-9d57-1d2e3f405162";

    @Test
    void aDeletionKnownOnlyByIdentityPublishesDeletedWithThePreviousStateAndNoEvaluatedValues() throws Exception {
        String ri = TestTopics.ri("pytorchjob-v1.json", Map.of());
        GroupVersionKind gvk = new GroupVersionKind("kubeflow.org", "v1", "PyTorchJob");
        KindBinding pytorch = new KindBinding(gvk, "PyTorchJob", 7, ri,
                new ResourceInterfaceCompiler().compile("test", ri, gvk));
        PublicationRetryTest.FlakySink sink = new PublicationRetryTest.FlakySink();
        WorkloadTracker tracker = new WorkloadTracker(new WorkloadKinds());
        WorkloadStatusMapper mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker, sink,
                new StatusMapperMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        mapper.onUpsert(pytorch, PublicationRetryTest.job("1", "Created", "Running"), System.nanoTime());

        ObjectNode identity = JSON.createObjectNode();
        identity.putObject("metadata").put("namespace", "team-a").put("name", "mnist").put("uid", UID)
                .put("resourceVersion", "1");
        mapper.onDeleteOfUnknownFinalState(pytorch, identity, System.nanoTime());
        mapper.onDeleteOfUnknownFinalState(pytorch, identity, System.nanoTime());

        assertThat(sink.out).hasSize(2);
        WorkloadStatusEvent deleted = sink.out.get(1);
        assertThat(deleted.getState()).isEqualTo(AbstractState.DELETED);
        assertThat(deleted.getPreviousState()).isEqualTo(sink.out.get(0).getState());
        assertThat(deleted.getNamespace()).isEqualTo("team-a");
        assertThat(deleted.getName()).isEqualTo("mnist");
        assertThat(deleted.getError()).as("no RI evaluated on the identity").isNull();
        assertThat(deleted.getMatchedStatuses()).isEmpty();
        assertThat(deleted.getComponents()).isEmpty();
        assertThat(deleted.getPodGroups()).isEmpty();
        assertThat(tracker.stateOf(UID)).isNull();
    }
}
