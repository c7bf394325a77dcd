package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

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

/** Kafka goes away for a while: readiness says so, nothing crashes, and the transition made meanwhile arrives once. */
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
        assumeTrue(kafka.supportsBrokerRestart(), "needs a broker the devstack can stop and start");
        Await.running(engine);
        TestKubernetes.installCrd(GROUP, "OutageJob", "outagejobs", "v1");
        TestTopics.register("OutageJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "OutageJob"))));
        Await.mapped(engine, "OutageJob.outage.kindred.io/v1");
        ResourceDefinitionContext outage = TestKubernetes.context(GROUP, "v1", "OutageJob", "outagejobs");
        String uid = TestKubernetes.create(outage, "through-the-outage", Map.of("replicas", 1)).getMetadata().getUid();
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            Await.events(status, uid, 1);
        }

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
}
