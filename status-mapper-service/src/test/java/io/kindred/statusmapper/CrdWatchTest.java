package io.kindred.statusmapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.kindred.devstack.quarkus.KubernetesTestResource;
import io.kindred.devstack.quarkus.SchemaRegistryTestResource;
import io.kindred.events.AbstractState;
import io.kindred.statusmapper.support.Await;
import io.kindred.statusmapper.support.StatusTopicReader;
import io.kindred.statusmapper.support.TestKubernetes;
import io.kindred.statusmapper.support.TestTopics;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A kind registered before its CRD exists is watched as soon as the CRD appears, not at the next backoff look. The
 * backoff here is long (first look again after 10 minutes): the watch can only start within the await because the
 * CRD itself was seen. No timing is asserted, only that it happens well within a bound shorter than the backoff.
 */
@QuarkusTest
@TestProfile(CrdWatchTest.LongBackoff.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SchemaRegistryTestResource.class)
@WithTestResource(KubernetesTestResource.class)
class CrdWatchTest {

    static final Duration BACKOFF_INITIAL = Duration.ofMinutes(10);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(30);
    /** Generous, and far below the backoff. */
    static final Duration AWAIT = Duration.ofSeconds(60);

    public static class LongBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.watch.missing-kind-retry-initial", BACKOFF_INITIAL.toString(),
                    "kindred.watch.missing-kind-retry-max", BACKOFF_MAX.toString());
        }
    }

    static final String GROUP = "crdwatch.kindred.io";
    static final String GVK = "PromptJob.crdwatch.kindred.io/v1";

    @Inject
    StatusMapperEngine engine;

    @Test
    void aKindIsWatchedAsSoonAsItsCrdIsCreatedWithoutWaitingForTheBackoff() {
        assertThat(AWAIT).isLessThan(BACKOFF_INITIAL).isLessThan(BACKOFF_MAX);
        Await.running(engine);
        TestTopics.register("PromptJob", GROUP, 1, Map.of("v1", TestTopics.ri("phase-job-template.json",
                Map.of("group", GROUP, "version", "v1", "kind", "PromptJob"))));
        WatchStatus waiting = Await.state(engine, GVK, WatchState.KIND_NOT_INSTALLED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.nextAttemptAt()).as("the next backoff look is far away")
                .isAfter(Instant.now().plus(AWAIT));

        TestKubernetes.installCrd(GROUP, "PromptJob", "promptjobs", "v1");
        await().atMost(AWAIT).until(() -> Await.watch(engine, GVK)
                .filter(w -> w.state() == WatchState.WATCHING && w.mapped()).isPresent());
        given().when().get("/rbac/cluster-roles").then().statusCode(200)
                .body(containsString("customresourcedefinitions"))
                .body(containsString("promptjobs"));

        ResourceDefinitionContext prompt = TestKubernetes.context(GROUP, "v1", "PromptJob", "promptjobs");
        GenericKubernetesResource job = TestKubernetes.create(prompt, "prompt-1", Map.of("replicas", 1));
        TestKubernetes.setStatus(prompt, "prompt-1", Map.of("phase", "Running"));
        try (StatusTopicReader status = StatusTopicReader.statusEvents()) {
            Await.lastEvent(status, job.getMetadata().getUid(), e -> e.getState() == AbstractState.RUNNING);
        }
    }
}
