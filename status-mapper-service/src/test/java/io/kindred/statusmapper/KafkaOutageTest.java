package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.Devstack;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Kafka goes away for a while: readiness says so, nothing crashes, and every transition made meanwhile arrives, once
 * and in order, when it is back.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class KafkaOutageTest {

    static final String GROUP = "outage.kindred.io";

    @Inject
    StatusMapperEngine engine;

    @Test
    void aTransitionDuringAKafkaOutageIsPublishedOnceWhenKafkaIsBack() {
        KafkaBackend kafka = Devstack.kafka();
        ResourceDefinitionContext outage = TestKubernetes.context(GROUP, "v1", "OutageJob", "outagejobs");
        String uid = createPublished(outage, "through-the-outage");

        kafka.stopBroker();
        try {
            TestKubernetes.setStatus(outage, "through-the-outage", Map.of("phase", "Running"));
            await().atMost(Await.PATIENCE).until(() ->
                    given().when().get("/q/health/ready").then().extract().statusCode() == 503);
            assertThat(engine.phase()).as("the pipeline waits, it does not fall over")
                    .isEqualTo(StatusMapperEngine.Phase.RUNNING);
        } finally {
            kafka.startBroker();
        }

        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            List<WorkloadStatusEvent> events = Await.lastEvent(status, uid, e -> e.getState() == AbstractState.RUNNING);
            assertThat(events).extracting(WorkloadStatusEvent::getState)
                    .containsExactly(AbstractState.UNDEFINED, AbstractState.RUNNING);
        }
        await().atMost(Await.PATIENCE).until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 200);
    }

    /**
     * Several states held only while Kafka is down each get their event. The mapping must keep up with the object
     * during the outage: a mapping thread blocked in the producer (it used to wait max.block.ms, 60 s, for the topic's
     * metadata once the broker was gone) lets the informer move on, and the states it skipped are never published.
     */
    @Test
    void everyStateHeldDuringAKafkaOutageIsPublishedInOrder() {
        KafkaBackend kafka = Devstack.kafka();
        ResourceDefinitionContext series = TestKubernetes.context(GROUP, "v1", "OutageSeries", "outageseries");
        String uid = createPublished(series, "many-states");

        Map<String, AbstractState> phases = new LinkedHashMap<>();
        phases.put("Pending", AbstractState.INITIALIZING);
        phases.put("Running", AbstractState.RUNNING);
        phases.put("Succeeded", AbstractState.COMPLETED);
        kafka.stopBroker();
        try {
            // Until the outage is noticed: by then the producer has lost the topic's metadata (it falls back to its
            // bootstrap address within seconds), which is when a send() on the mapping thread used to block.
            await().atMost(Await.PATIENCE).until(() ->
                    given().when().get("/q/health/ready").then().extract().statusCode() == 503);
            for (Map.Entry<String, AbstractState> phase : phases.entrySet()) {
                TestKubernetes.setStatus(series, "many-states", Map.of("phase", phase.getKey()));
                // Each state is mapped before the next change, so the informer has nothing to coalesce. Well below
                // the producer's max.block.ms: a mapping thread waiting for Kafka does not get there in time.
                await().atMost(MAPPING_PATIENCE).until(() -> engine.tracker().stateOf(uid) == phase.getValue());
            }
            TestKubernetes.delete(series, "many-states");
            await().atMost(MAPPING_PATIENCE).until(() -> engine.tracker().stateOf(uid) == null);
        } finally {
            kafka.startBroker();
        }

        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            List<WorkloadStatusEvent> events = Await.lastEvent(status, uid, e -> e.getState() == AbstractState.DELETED);
            // At least once: a record sent again after a failure repeats its eventId; consumers drop the copy.
            Set<String> seen = new HashSet<>();
            List<AbstractState> states = events.stream()
                    .filter(e -> seen.add(e.getEventId().toString()))
                    .map(WorkloadStatusEvent::getState).toList();
            assertThat(states).containsExactly(AbstractState.UNDEFINED, AbstractState.INITIALIZING,
                    AbstractState.RUNNING, AbstractState.COMPLETED, AbstractState.DELETED);
        }
    }

    /**
     * Registers {@code kind} (CRD and workload type, RI phase-job-template), creates one object of it and waits until
     * its first status event is on the topic; returns its UID. Skips the test without a broker that can restart.
     */
    private String createPublished(ResourceDefinitionContext kind, String name) {
        assumeTrue(Devstack.kafka().supportsBrokerRestart(), "needs a broker the devstack can stop and start");
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, kind.getKind(), kind.getPlural(), "v1");
        TestTopics.register(kind.getKind(), GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", kind.getKind()))));
        Await.mapped(engine, kind.getKind() + "." + GROUP + "/v1");
        String uid = TestKubernetes.create(kind, name, Map.of("replicas", 1)).getMetadata().getUid();
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            Await.events(status, uid, 1);
        }
        return uid;
    }

    /** How long one mapping step may take in {@link #everyStateHeldDuringAKafkaOutageIsPublishedInOrder}. */
    private static final Duration MAPPING_PATIENCE = Duration.ofSeconds(30);
}
