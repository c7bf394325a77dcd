package io.kindred.statusmapper.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.events.AbstractState;
import io.kindred.events.ComponentScale;
import io.kindred.events.ControllerReference;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WorkloadStatusMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UID = "6f1d2c3b-0a9e-4c4f-9d57-1d2e3f405162";

    /** Records every event; fails the publications it is told to. */
    static final class RecordingSink implements StatusEventSink {
        final List<WorkloadStatusEvent> events = new ArrayList<>();
        boolean failNext;

        @Override
        public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
            assertThat(uid).isEqualTo(event.getUid());
            if (failNext) {
                failNext = false;
                outcome.failed(new IllegalStateException("broker gone"));
                return;
            }
            events.add(event);
            outcome.published();
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private WorkloadTracker tracker;
    private WorkloadStatusMapper mapper;
    private KindBinding pytorch;

    @BeforeEach
    void setUp() throws Exception {
        WorkloadKinds kinds = new WorkloadKinds();
        StatusMapperMetrics metrics = new StatusMapperMetrics(meters);
        metrics.bindWorkloadCounts(kinds);
        tracker = new WorkloadTracker(kinds);
        mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker, sink, metrics,
                Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        String ri = TestTopics.ri("pytorchjob-v1.json", Map.of());
        GroupVersionKind gvk = new GroupVersionKind("kubeflow.org", "v1", "PyTorchJob");
        pytorch = new KindBinding(gvk, "PyTorchJob", 7, ri, new ResourceInterfaceCompiler().compile("test", ri, gvk));
    }

    private static ObjectNode job(int workers, long generation, String resourceVersion, String... trueConditions) {
        ObjectNode job = JSON.createObjectNode();
        job.put("apiVersion", "kubeflow.org/v1").put("kind", "PyTorchJob");
        job.putObject("metadata").put("name", "mnist").put("namespace", "team-a").put("uid", UID)
                .put("generation", generation).put("resourceVersion", resourceVersion);
        ObjectNode specs = job.putObject("spec").putObject("pytorchReplicaSpecs");
        specs.putObject("Master").put("replicas", 1).putObject("template");
        specs.putObject("Worker").put("replicas", workers).putObject("template");
        ArrayNode conditions = job.putObject("status").putArray("conditions");
        for (String type : trueConditions) {
            conditions.addObject().put("type", type).put("status", "True");
        }
        if (List.of(trueConditions).contains("Running")) {
            // the PyTorchJob RI counts a job as running only while it has neither succeeded nor failed
            conditions.addObject().put("type", "Succeeded").put("status", "False");
            conditions.addObject().put("type", "Failed").put("status", "False");
        }
        return job;
    }

    private void upsert(ObjectNode object) {
        mapper.onUpsert(pytorch, object, System.nanoTime());
    }

    @Test
    void publishesTheFirstEvaluationWithEveryFieldAndNothingForAnUnchangedResync() {
        upsert(job(2, 1, "10", "Created"));
        upsert(job(2, 1, "10", "Created"));
        upsert(job(2, 1, "11", "Created")); // a new resourceVersion alone is not a change the platform sees

        assertThat(sink.events).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AbstractState.INITIALIZING);
            assertThat(e.getPreviousState()).isNull();
            assertThat(e.getClusterId()).isEqualTo("cluster-a");
            assertThat(e.getObservedAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
            assertThat(e.getNamespace()).isEqualTo("team-a");
            assertThat(e.getResourceVersion()).isEqualTo("10");
            assertThat(e.getWorkloadType().getRevision()).isEqualTo(7);
            assertThat(e.getMatchedStatuses()).containsExactly("Initializing");
            assertThat(e.getComponents()).extracting(ComponentScale::getComponent, ComponentScale::getReplicas)
                    .containsExactly(tuple("pytorchjob", null), tuple("master", 1), tuple("worker", 2));
            assertThat(e.getPodGroups()).singleElement().satisfies(g -> assertThat(g.getMinMember()).isEqualTo(3));
        });
        assertThat(tracker.kinds().count("PyTorchJob", AbstractState.INITIALIZING)).isEqualTo(1);
    }

    @Test
    void carriesTheControllerReferenceAndNoneForAnObjectWithoutController() {
        upsert(job(2, 1, "1", "Created"));
        assertThat(sink.events.get(0).getController()).isNull();

        ObjectNode owned = job(2, 1, "2", "Created", "Running");
        ArrayNode owners = ((ObjectNode) owned.get("metadata")).putArray("ownerReferences");
        owners.addObject().put("apiVersion", "example.com/v1").put("kind", "Audit").put("name", "a").put("uid", "u-1");
        owners.addObject().put("apiVersion", "jobset.x-k8s.io/v1alpha2").put("kind", "JobSet").put("name", "js")
                .put("uid", "u-2").put("controller", true);
        upsert(owned);
        assertThat(sink.events.get(1).getController()).as("only the reference with controller=true")
                .isEqualTo(new ControllerReference("jobset.x-k8s.io/v1alpha2", "JobSet", "js", "u-2"));
    }

    @Test
    void publishesOnAStateAScaleOrAGenerationChange() {
        upsert(job(2, 1, "1", "Created"));
        upsert(job(2, 1, "2", "Created", "Running"));
        upsert(job(3, 1, "3", "Created", "Running"));
        upsert(job(3, 2, "4", "Created", "Running"));
        assertThat(sink.events).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                .containsExactly(tuple(AbstractState.INITIALIZING, null),
                        tuple(AbstractState.RUNNING, AbstractState.INITIALIZING),
                        tuple(AbstractState.RUNNING, AbstractState.RUNNING),
                        tuple(AbstractState.RUNNING, AbstractState.RUNNING));
        assertThat(sink.events.get(2).getComponents()).extracting(ComponentScale::getReplicas).containsExactly(null, 1, 3);
        assertThat(sink.events.get(3).getGeneration()).isEqualTo(2L);
        assertThat(tracker.kinds().count("PyTorchJob", AbstractState.RUNNING)).isEqualTo(1);
        assertThat(tracker.kinds().count("PyTorchJob", AbstractState.INITIALIZING)).isZero();
    }

    @Test
    void aDeletionPublishesDeletedWithTheLastValuesOnceAndForgetsTheWorkload() {
        upsert(job(2, 1, "1", "Created", "Succeeded"));
        mapper.onDelete(pytorch, job(2, 1, "2", "Created", "Succeeded"), System.nanoTime());
        mapper.onDelete(pytorch, job(2, 1, "2", "Created", "Succeeded"), System.nanoTime());
        assertThat(sink.events).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                .containsExactly(tuple(AbstractState.COMPLETED, null), tuple(AbstractState.DELETED, AbstractState.COMPLETED));
        assertThat(sink.events.get(1).getComponents()).hasSize(3);
        assertThat(tracker.stateOf(UID)).isNull();
        assertThat(tracker.kinds().count("PyTorchJob", AbstractState.COMPLETED)).isZero();
    }

    @Test
    void theDeletionOfAnObjectNeverPublishedIsNotAnnounced() {
        mapper.onDelete(pytorch, job(2, 1, "1"), System.nanoTime());
        assertThat(sink.events).isEmpty();
    }

    @Test
    void afterARestoreTheSameObjectPublishesNothingAndAChangedOnePublishesExactlyItsTransition() {
        upsert(job(2, 1, "1", "Created", "Running"));
        WorkloadStatusEvent lastPublished = sink.events.get(0);
        tracker.clear();
        sink.events.clear();

        mapper.restore(lastPublished);
        upsert(job(2, 1, "5", "Created", "Running"));
        assertThat(sink.events).as("no duplicate after a restart").isEmpty();
        upsert(job(2, 1, "6", "Created", "Succeeded"));
        assertThat(sink.events).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                .containsExactly(tuple(AbstractState.COMPLETED, AbstractState.RUNNING));
    }

    @Test
    void aWorkloadDeletedWhileDownGetsItsDeletedEventCarryingTheLastPublishedValues() {
        upsert(job(2, 1, "1", "Created", "Running"));
        WorkloadStatusEvent last = sink.events.get(0);
        tracker.clear();
        sink.events.clear();
        mapper.restore(last);

        mapper.onDeletedWhileDown(last);
        mapper.onDeletedWhileDown(last);
        assertThat(sink.events).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AbstractState.DELETED);
            assertThat(e.getPreviousState()).isEqualTo(AbstractState.RUNNING);
            assertThat(e.getEventId()).isNotEqualTo(last.getEventId());
            assertThat(e.getName()).isEqualTo("mnist");
            assertThat(e.getComponents()).isEqualTo(last.getComponents());
        });
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aRestoredDeletedRecordLeavesNothingTracked() {
        upsert(job(2, 1, "1", "Created"));
        mapper.onDelete(pytorch, job(2, 1, "2", "Created"), System.nanoTime());
        tracker.clear();
        sink.events.forEach(mapper::restore);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aFailedPublicationIsRepeatedOnTheNextEvaluationEvenWithoutAChange() throws Exception {
        sink.failNext = true;
        upsert(job(2, 1, "1", "Created"));
        assertThat(sink.events).isEmpty();
        // the tracker is marked on another thread, as the producer's callback would do it
        org.awaitility.Awaitility.await().until(() -> {
            upsert(job(2, 1, "1", "Created"));
            return !sink.events.isEmpty();
        });
        assertThat(sink.events).singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(AbstractState.INITIALIZING));
        assertThat(meters.find("kindred.statusmapper.status.events.failed").counter().count()).isEqualTo(1);
    }

    @Test
    void anObjectTheRiCannotReadIsPublishedUndefinedWithTheErrorNamingTheField() {
        ObjectNode broken = job(2, 1, "1", "Created", "Running");
        ((ObjectNode) broken.get("spec")).put("pytorchReplicaSpecs", "oops");
        upsert(broken);
        assertThat(sink.events).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AbstractState.UNDEFINED);
            assertThat(e.getError()).contains("replicasPath").contains("Cannot index string");
            assertThat(e.getMatchedStatuses()).as("what could be read is kept").contains("Running");
            assertThat(e.getConditions()).hasSize(4);
        });
        assertThat(meters.find("kindred.statusmapper.evaluation.errors").counter().count()).isEqualTo(1);
    }

    @Test
    void anObjectWithoutUidIsSkipped() {
        ObjectNode anonymous = job(2, 1, "1", "Created");
        ((ObjectNode) anonymous.get("metadata")).remove("uid");
        upsert(anonymous);
        assertThat(sink.events).isEmpty();
    }
}
