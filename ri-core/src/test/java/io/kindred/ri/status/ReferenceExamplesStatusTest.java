package io.kindred.ri.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.KartaExamples;
import org.junit.jupiter.api.Test;

/**
 * The reference RIs on realistic objects, as their controllers write them. Several reference RIs are buggy
 * (status-mapping-anchors part C); these tests pin what the RIs as written do, which is what the reference
 * implementation does too — the precedence then makes the best of it.
 */
class ReferenceExamplesStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static StatusResult status(String example, String object) {
        return CompiledResourceInterface.compile(KartaExamples.spec(example)).status(json(object));
    }

    /** A kubeflow.org/v1 job status: the training operator appends conditions, only ever as True (older ones flip to False). */
    private static String kubeflowJob(String conditions) {
        return """
                {"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","metadata":{"name":"mnist","namespace":"team-a"},
                 "spec":{"pytorchReplicaSpecs":{"Master":{"replicas":1},"Worker":{"replicas":3}}},
                 "status":{"conditions":[%s],"replicaStatuses":{"Master":{"active":1}}}}
                """.formatted(conditions);
    }

    private static String condition(String type, String status, String reason) {
        return "{\"type\":\"%s\",\"status\":\"%s\",\"reason\":\"%s\",\"message\":\"PyTorchJob mnist is %s.\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}"
                .formatted(type, status, reason, type.toLowerCase());
    }

    @Test
    void pytorchJobCreated() {
        StatusResult result = status("pytorch", kubeflowJob(condition("Created", "True", "PyTorchJobCreated")));
        assertThat(result.matchedStatuses()).containsExactly("Initializing");
        assertThat(result.state()).isEqualTo(RiState.INITIALIZING);
        assertThat(result.conditions()).containsExactly(
                new RiCondition("Created", "True", "PyTorchJobCreated", "PyTorchJob mnist is created."));
    }

    @Test
    void pytorchJobRunningStaysInitializingBecauseTheReferenceRunningMatcherNeedsConditionsNeverWritten() {
        // running needs Succeeded=False and Failed=False; the operator never writes them (part C.1)
        StatusResult result = status("pytorch", kubeflowJob(condition("Created", "True", "PyTorchJobCreated") + ","
                + condition("Running", "True", "PyTorchJobRunning")));
        assertThat(result.matchedStatuses()).containsExactly("Initializing");
        assertThat(result.state()).isEqualTo(RiState.INITIALIZING);
    }

    @Test
    void pytorchJobSucceededIsCompletedByPrecedence() {
        StatusResult result = status("pytorch", kubeflowJob(condition("Created", "True", "PyTorchJobCreated") + ","
                + condition("Running", "False", "PyTorchJobSucceeded") + ","
                + condition("Succeeded", "True", "PyTorchJobSucceeded")));
        assertThat(result.matchedStatuses()).containsExactly("Completed", "Initializing");
        assertThat(result.state()).isEqualTo(RiState.COMPLETED);
    }

    @Test
    void pytorchJobFailedIsFailedByPrecedence() {
        StatusResult result = status("pytorch", kubeflowJob(condition("Created", "True", "PyTorchJobCreated") + ","
                + condition("Running", "False", "PyTorchJobFailed") + ","
                + condition("Failed", "True", "PyTorchJobFailed")));
        assertThat(result.matchedStatuses()).containsExactly("Failed", "Initializing");
        assertThat(result.state()).isEqualTo(RiState.FAILED);
    }

    @Test
    void pytorchJobWithExplicitFalseConditionsWouldRun() {
        // the shape the reference RI expects (some older operators wrote it): shows the running matcher itself works
        StatusResult result = status("pytorch", kubeflowJob(condition("Created", "True", "PyTorchJobCreated") + ","
                + condition("Running", "True", "PyTorchJobRunning") + ","
                + condition("Succeeded", "False", "x") + "," + condition("Failed", "False", "x")));
        assertThat(result.matchedStatuses()).containsExactly("Running", "Initializing");
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
    }

    @Test
    void leaderWorkerSet() {
        // a fresh LWS only has Progressing=True: Undefined with the reference RI (part C.4)
        assertThat(status("lws", "{\"status\":{\"conditions\":[{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"GroupsProgressing\"}]}}")
                .state()).isEqualTo(RiState.UNDEFINED);
        // available, with the False conditions the RI expects present: Running
        StatusResult running = status("lws", """
                {"status":{"conditions":[
                  {"type":"Available","status":"True","reason":"AllGroupsReady","message":"All replicas are ready"},
                  {"type":"Progressing","status":"False","reason":"Ready"},
                  {"type":"UpdateInProgress","status":"False","reason":"Updated"}]}}
                """);
        assertThat(running.matchedStatuses()).containsExactly("Running");
        assertThat(running.state()).isEqualTo(RiState.RUNNING);
        // initializing and failed are identical in the reference RI: both match, Failed wins
        StatusResult stalled = status("lws", """
                {"status":{"conditions":[{"type":"Available","status":"False"},{"type":"Progressing","status":"False"},
                  {"type":"UpdateInProgress","status":"False"}]}}
                """);
        assertThat(stalled.matchedStatuses()).containsExactly("Failed", "Initializing");
        assertThat(stalled.state()).isEqualTo(RiState.FAILED);
    }

    @Test
    void dynamoMapsItsStateThroughByPhase() {
        assertThat(status("dynamo", "{\"status\":{\"state\":\"pending\"}}").state()).isEqualTo(RiState.INITIALIZING);
        StatusResult ok = status("dynamo", "{\"status\":{\"state\":\"successful\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        assertThat(ok.state()).isEqualTo(RiState.RUNNING);
        assertThat(ok.phase()).isEqualTo("successful");
        // dynamo.yaml has no conditionsDefinition: conditions are not read
        assertThat(ok.conditions()).isEmpty();
        assertThat(status("dynamo", "{\"status\":{\"state\":\"failed\"}}").state()).isEqualTo(RiState.FAILED);
        assertThat(status("dynamo", "{\"status\":{}}").state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void nimServiceAndRayJob() {
        assertThat(status("nimservice", "{\"status\":{\"state\":\"NotReady\"}}").state()).isEqualTo(RiState.INITIALIZING);
        assertThat(status("nimservice", "{\"status\":{\"state\":\"Ready\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Ready\"}]}}")
                .state()).isEqualTo(RiState.RUNNING);
        assertThat(status("rayjob", "{\"status\":{\"jobStatus\":\"SUCCEEDED\",\"jobDeploymentStatus\":\"Complete\"}}").state())
                .isEqualTo(RiState.COMPLETED);
        assertThat(status("rayjob", "{\"status\":{\"jobStatus\":\"RUNNING\"}}").state()).isEqualTo(RiState.RUNNING);
        // STOPPED is not mapped (part C.8)
        assertThat(status("rayjob", "{\"status\":{\"jobStatus\":\"STOPPED\"}}").state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void knativeServiceOnlyKnowsRunning() {
        assertThat(status("knative-serving", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}").state())
                .isEqualTo(RiState.RUNNING);
        assertThat(status("knative-serving", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"RevisionFailed\"}]}}")
                .state()).isEqualTo(RiState.UNDEFINED);
    }
}
