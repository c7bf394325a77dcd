package io.kindred.statusmapper.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.ResourceInterfaceCompiler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A status record Kafka refused is sent again until it is out, unless a newer transition superseded it. */
class PublicationRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UID = "1a2b3c4d-0a9e-4c4f-9d57-1d2e3f405162";

    /** Refuses the next {@code refusals} records, then takes every record. */
    static final class FlakySink implements StatusEventSink {
        final List<WorkloadStatusEvent> out = new CopyOnWriteArrayList<>();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
            attempts.incrementAndGet();
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                outcome.failed(new IllegalStateException("broker gone"));
                return;
            }
            out.add(event);
            outcome.published();
        }
    }

    private final FlakySink sink = new FlakySink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private WorkloadTracker tracker;
    private KindBinding pytorch;

    @BeforeEach
    void setUp() throws Exception {
        tracker = new WorkloadTracker(new WorkloadKinds());
        String ri = TestTopics.ri("pytorchjob-v1.json", Map.of());
        GroupVersionKind gvk = new GroupVersionKind("kubeflow.org", "v1", "PyTorchJob");
        pytorch = new KindBinding(gvk, "PyTorchJob", 7, ri, new ResourceInterfaceCompiler().compile("test", ri, gvk));
    }

    @AfterEach
    void tearDown() {
        retries.shutdownNow();
    }

    private WorkloadStatusMapper mapper(Duration retryDelay) {
        return new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker, sink,
                new StatusMapperMetrics(meters), Clock.systemUTC(), retries, retryDelay, null);
    }

    static ObjectNode job(String resourceVersion, String... trueConditions) {
        ObjectNode job = JSON.createObjectNode();
        job.put("apiVersion", "kubeflow.org/v1").put("kind", "PyTorchJob");
        job.putObject("metadata").put("name", "mnist").put("namespace", "team-a").put("uid", UID)
                .put("generation", 1).put("resourceVersion", resourceVersion);
        ObjectNode specs = job.putObject("spec").putObject("pytorchReplicaSpecs");
        specs.putObject("Master").put("replicas", 1).putObject("template");
        specs.putObject("Worker").put("replicas", 2).putObject("template");
        ArrayNode conditions = job.putObject("status").putArray("conditions");
        for (String type : trueConditions) {
            conditions.addObject().put("type", type).put("status", "True");
        }
        return job;
    }

    @Test
    void aRefusedDeletedRecordIsSentAgainUntilItIsOut() {
        // The constructor the service had before retries: a DELETED record was only logged when Kafka refused it.
        WorkloadStatusMapper mapper = new WorkloadStatusMapper("cluster-a", new WorkloadEvaluator(), tracker, sink,
                new StatusMapperMetrics(meters), Clock.systemUTC());
        mapper.onUpsert(pytorch, job("1", "Created", "Succeeded"), System.nanoTime());
        sink.refusals.set(2);
        mapper.onDelete(pytorch, job("2", "Created", "Succeeded"), System.nanoTime());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.out.size() == 2);
        assertThat(sink.out).extracting(WorkloadStatusEvent::getState, WorkloadStatusEvent::getPreviousState)
                .containsExactly(tuple(AbstractState.COMPLETED, null), tuple(AbstractState.DELETED, AbstractState.COMPLETED));
        assertThat(sink.attempts).as("one DELETED accepted after two refusals").hasValue(4);
        assertThat(meters.find("kindred.statusmapper.status.events.failed").counter().count()).isEqualTo(2);
        assertThat(tracker.stateOf(UID)).isNull();
    }

    @Test
    void aRefusedTransitionIsSentAgainWithoutWaitingForTheNextChange() {
        WorkloadStatusMapper mapper = mapper(Duration.ofMillis(50));
        sink.refusals.set(3);
        mapper.onUpsert(pytorch, job("1", "Created"), System.nanoTime());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.out.size() == 1);
        assertThat(sink.out.get(0).getState()).isEqualTo(AbstractState.INITIALIZING);
        assertThat(sink.attempts).hasValue(4);
        // Out now: neither the retry nor an unchanged evaluation publishes it once more.
        mapper.onUpsert(pytorch, job("1", "Created"), System.nanoTime());
        Awaitility.await().during(Duration.ofMillis(300)).until(() -> sink.out.size() == 1);
    }

    @Test
    void aRefusedTransitionThatANewerOneSupersededIsNotSentAgain() throws Exception {
        WorkloadStatusMapper mapper = mapper(Duration.ofMillis(300));
        sink.refusals.set(1);
        mapper.onUpsert(pytorch, job("1", "Created"), System.nanoTime());
        mapper.onUpsert(pytorch, job("2", "Created", "Succeeded"), System.nanoTime());

        Thread.sleep(1_000);
        assertThat(sink.out).as("the refused INITIALIZING must not follow the COMPLETED that replaced it")
                .extracting(WorkloadStatusEvent::getState).containsExactly(AbstractState.COMPLETED);
    }

    @Test
    void aClosedMapperStopsSendingAgain() throws Exception {
        WorkloadStatusMapper mapper = mapper(Duration.ofMillis(100));
        sink.refusals.set(1);
        mapper.onUpsert(pytorch, job("1", "Created"), System.nanoTime());
        mapper.close();

        Thread.sleep(500);
        assertThat(sink.out).isEmpty();
        assertThat(sink.attempts).hasValue(1);
    }
}
