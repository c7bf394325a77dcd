package io.kindred.scheduleradapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kindred.scheduleradapter.backend.Backend;

/**
 * The apply as the API server receives it, and what the writer makes of the answers a real API server gives
 * (fabric8's mock server in expectations mode: each answer is scripted, so a conflict and a refusal can be shown).
 */
class PodGroupWriterTest {

    private static final String PATH = "/apis/scheduling.run.ai/v2alpha2/namespaces/team-a/podgroups/pg-1";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private PodGroupWriter writer;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        writer = new PodGroupWriter(client, Backend.named("kai"), new PodGroupStore(client, Backend.named("kai")));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void oneServerSideApplyUnderTheAdaptersFieldManagerWithoutForce() throws Exception {
        server.expect().patch().withPath(PATH + "?fieldManager=" + PodGroupWriter.FIELD_MANAGER)
                .andReturn(200, group("team-a-queue")).once();

        assertThat(writer.apply(group("team-a-queue"))).isEqualTo(PodGroupWriter.Applied.WRITTEN);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo(PATH + "?fieldManager=kindred-scheduler-adapter").doesNotContain("force");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(request.getUtf8Body()).contains("\"minMember\":4").contains("\"queue\":\"team-a-queue\"")
                .contains("\"kind\":\"PodGroup\"");
        assertThat(writer.applies()).isEqualTo(1);
    }

    @Test
    void aQueueAnotherManagerOwnsIsLeftToItAndTheRestApplied() throws Exception {
        server.expect().patch().withPath(PATH + "?fieldManager=" + PodGroupWriter.FIELD_MANAGER)
                .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                        .withMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\": .spec.queue").build())
                .once();
        server.expect().patch().withPath(PATH + "?fieldManager=" + PodGroupWriter.FIELD_MANAGER)
                .andReturn(200, group(null)).once();

        assertThat(writer.apply(group("team-a-queue"))).isEqualTo(PodGroupWriter.Applied.WRITTEN_WITHOUT_CONFLICTING_FIELDS);

        server.takeRequest();
        String retried = server.takeRequest().getUtf8Body();
        assertThat(retried).contains("\"minMember\":4").doesNotContain("queue");
    }

    @Test
    void aRefusalCarriesTheApiServersCodeAndMessage() {
        server.expect().patch().withPath(PATH + "?fieldManager=" + PodGroupWriter.FIELD_MANAGER)
                .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
                        .withMessage("admission webhook \"podgroup.kai.scheduler\" denied the request: minMember < 0")
                        .build())
                .once();

        assertThatThrownBy(() -> writer.apply(group("q"))).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getMessage()).contains("denied the request: minMember < 0").contains(PATH);
        });
    }

    @Test
    void anAnswerThatIsNotAStatusStillGivesItsHttpCode() {
        server.expect().patch().withPath(PATH + "?fieldManager=" + PodGroupWriter.FIELD_MANAGER)
                .andReturn(403, "forbidden by the cluster's proxy").once(); // not a 5xx: the client retries those

        assertThatThrownBy(() -> writer.apply(group("q"))).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("forbidden by the cluster's proxy");
        });
    }

    private static GenericKubernetesResource group(String queue) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minMember", 4);
        if (queue != null) {
            spec.put("queue", queue);
        }
        return new GenericKubernetesResourceBuilder().withApiVersion("scheduling.run.ai/v2alpha2").withKind("PodGroup")
                .withNewMetadata().withNamespace("team-a").withName("pg-1").endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }
}
