package io.kindred.ri.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.KartaExamples;
import io.kindred.ri.RiParser;
import org.junit.jupiter.api.Test;

class StatusEvaluatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An RI whose root has the given statusDefinition (YAML, indented under statusDefinition). */
    private static CompiledResourceInterface ri(String statusDefinitionYaml) {
        return CompiledResourceInterface.compile(RiParser.parse("""
                structureDefinition:
                  rootComponent:
                    name: w
                    kind: {group: example.com, version: v1, kind: Workload}
                    statusDefinition:
                """ + statusDefinitionYaml.indent(6)));
    }

    private static String conditions(String... typeStatus) {
        StringBuilder sb = new StringBuilder("{\"status\":{\"conditions\":[");
        for (int i = 0; i < typeStatus.length; i++) {
            String[] parts = typeStatus[i].split("=");
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"").append(parts[0]).append("\",\"status\":\"")
                    .append(parts[1]).append('"');
            if (parts.length > 2) {
                sb.append(",\"reason\":\"").append(parts[2]).append('"');
            }
            sb.append('}');
        }
        return sb.append("]}}").toString();
    }

    // ---- matchers -------------------------------------------------------------------------------------------

    @Test
    void byPhaseMatchesTheFirstResultOfThePhasePath() {
        CompiledResourceInterface ri = ri("""
                phaseDefinition: {path: ".status.phases[]"}
                statusMappings:
                  running: [{byPhase: Running}]
                  failed: [{byPhase: Failed}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"phases\":[\"Running\",\"Failed\"]}}"));
        assertThat(result.phase()).isEqualTo("Running");
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
        assertThat(result.matchedStatuses()).containsExactly("Running");
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void noPhaseDefinitionMeansNoPhaseAndByPhaseNeverMatches() {
        CompiledResourceInterface ri = ri("""
                statusMappings:
                  running: [{byPhase: Running}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"phase\":\"Running\"}}"));
        assertThat(result.phase()).isNull();
        assertThat(result.state()).isEqualTo(RiState.UNDEFINED);
        assertThat(result.matchedStatuses()).containsExactly("Undefined");
    }

    @Test
    void aNonStringPhaseIsItsText() {
        CompiledResourceInterface ri = ri("""
                phaseDefinition: {path: .status.code}
                statusMappings:
                  running: [{byPhase: "3"}]
                """);
        assertThat(ri.status(json("{\"status\":{\"code\":3}}")).state()).isEqualTo(RiState.RUNNING);
        StatusResult object = ri.status(json("{\"status\":{\"code\":{\"a\":1}}}"));
        assertThat(object.state()).isEqualTo(RiState.UNDEFINED);
        assertThat(object.errors()).singleElement().asString().contains("phaseDefinition.path").contains("must be a string");
    }

    @Test
    void byConditionsNeedsEveryConditionPresentAndChecksOnlyWhatIsGiven() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running:
                  - byConditions:
                    - {type: Ready, status: "True"}
                    - {type: Scheduled}
                """);
        assertThat(ri.status(json(conditions("Ready=True", "Scheduled=False"))).state()).isEqualTo(RiState.RUNNING);
        // Scheduled absent: the matcher fails — a condition must be present
        assertThat(ri.status(json(conditions("Ready=True"))).state()).isEqualTo(RiState.UNDEFINED);
        assertThat(ri.status(json(conditions("Ready=False", "Scheduled=True"))).state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void emptyExpectedStatusOrReasonIsNotChecked() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running: [{byConditions: [{type: Ready, status: "", reason: ""}]}]
                """);
        assertThat(ri.status(json(conditions("Ready=Whatever"))).state()).isEqualTo(RiState.RUNNING);
    }

    @Test
    void anExpectedReasonNeedsAConditionWithThatReason() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  failed: [{byConditions: [{type: Ready, status: "False", reason: Crashed}]}]
                """);
        assertThat(ri.status(json(conditions("Ready=False=Crashed"))).state()).isEqualTo(RiState.FAILED);
        assertThat(ri.status(json(conditions("Ready=False=Pending"))).state()).isEqualTo(RiState.UNDEFINED);
        // no reason on the condition: no match
        assertThat(ri.status(json(conditions("Ready=False"))).state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void conditionFieldNamesAreConfigurable() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.checks, typeFieldName: kind, statusFieldName: ok, reasonFieldName: why, messageFieldName: text}
                statusMappings:
                  running: [{byConditions: [{type: Live, status: "true", reason: Up}]}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"checks\":[{\"kind\":\"Live\",\"ok\":true,\"why\":\"Up\",\"text\":\"fine\"}]}}"));
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
        assertThat(result.conditions()).containsExactly(new RiCondition("Live", "true", "Up", "fine"));
    }

    @Test
    void conditionsMayComeOneByOneAndTheLastOfATypeWins() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: ".status.conditions[]"}
                statusMappings:
                  running: [{byConditions: [{type: Ready, status: "True"}]}]
                """);
        StatusResult result = ri.status(json(conditions("Ready=False", "Ready=True")));
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
        assertThat(result.conditions()).hasSize(2);
        assertThat(ri.status(json(conditions("Ready=True", "Ready=False"))).state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void badConditionsAreReportedAndSkipped() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running: [{byConditions: [{type: Ready}]}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"conditions\":[\"oops\",{\"status\":\"True\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}"));
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
        assertThat(result.conditions()).containsExactly(new RiCondition("Ready", "True", null, null));
        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0)).contains("must be an object");
        assertThat(result.errors().get(1)).contains("has no \"type\"");
    }

    @Test
    void missingConditionsAreJustNone() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running: [{byConditions: [{type: Ready}]}]
                """);
        StatusResult result = ri.status(json("{}"));
        assertThat(result.conditions()).isEmpty();
        assertThat(result.errors()).isEmpty();
        assertThat(result.state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void byExpressionComparesTheFirstResultsText() {
        CompiledResourceInterface ri = ri("""
                statusMappings:
                  running: [{byExpression: {expression: ".status.ready >= .spec.replicas", expectedResult: "true"}}]
                  degraded: [{byExpression: {expression: ".status.ready", expectedResult: "2"}}]
                  completed: [{byExpression: {expression: ".status.list[]", expectedResult: "a"}}]
                  failed: [{byExpression: {expression: ".status.none", expectedResult: "null"}}]
                """);
        StatusResult result = ri.status(json("{\"spec\":{\"replicas\":2},\"status\":{\"ready\":2.0,\"list\":[\"a\",\"b\"]}}"));
        assertThat(result.matchedStatuses()).containsExactly("Running", "Completed", "Degraded");
        assertThat(result.state()).isEqualTo(RiState.COMPLETED);
        // only the first result counts; null (here: a missing field) never matches, even against "null"
        assertThat(ri.status(json("{\"spec\":{\"replicas\":2},\"status\":{\"ready\":1,\"list\":[\"b\",\"a\"]}}")).matchedStatuses())
                .containsExactly("Undefined");
    }

    @Test
    void byExpressionWithNoResultDoesNotMatch() {
        CompiledResourceInterface ri = ri("""
                statusMappings:
                  running: [{byExpression: {expression: "empty", expectedResult: ""}}]
                """);
        assertThat(ri.status(json("{}")).state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void everythingAMatcherNamesMustHold() {
        CompiledResourceInterface ri = ri("""
                phaseDefinition: {path: .status.phase}
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running:
                  - byPhase: Running
                    byConditions: [{type: Ready, status: "True"}]
                    byExpression: {expression: .spec.paused | not, expectedResult: "true"}
                """);
        String running = "{\"spec\":{\"paused\":false},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
        assertThat(ri.status(json(running)).state()).isEqualTo(RiState.RUNNING);
        assertThat(ri.status(json(running.replace("\"Running\"", "\"Pending\""))).state()).isEqualTo(RiState.UNDEFINED);
        assertThat(ri.status(json(running.replace("\"True\"", "\"False\""))).state()).isEqualTo(RiState.UNDEFINED);
        assertThat(ri.status(json(running.replace("false", "true"))).state()).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void anyMatcherOfAStatusIsEnoughAndAnEmptyMatcherMatches() {
        CompiledResourceInterface ri = ri("""
                phaseDefinition: {path: .status.phase}
                statusMappings:
                  running: [{byPhase: Running}, {byPhase: Serving}]
                  initializing: [{}]
                """);
        assertThat(ri.status(json("{\"status\":{\"phase\":\"Serving\"}}")).matchedStatuses()).containsExactly("Running", "Initializing");
        assertThat(ri.status(json("{\"status\":{\"phase\":\"Serving\"}}")).state()).isEqualTo(RiState.RUNNING);
        assertThat(ri.status(json("{}")).matchedStatuses()).containsExactly("Initializing");
    }

    // ---- precedence and order --------------------------------------------------------------------------------

    @Test
    void allMatchedStatusesAreReportedInTheReferenceOrderAndTheStateFollowsPrecedence() {
        CompiledResourceInterface ri = ri("""
                statusMappings:
                  degraded: [{}]
                  initializing: [{}]
                  completed: [{}]
                  failed: [{}]
                  running: [{}]
                """);
        StatusResult result = ri.status(json("{}"));
        assertThat(result.matchedStatuses()).containsExactly("Running", "Failed", "Completed", "Initializing", "Degraded");
        assertThat(result.state()).isEqualTo(RiState.FAILED);
    }

    @Test
    void precedenceIsFailedCompletedDegradedRunningInitializing() {
        assertThat(RiState.resolve(java.util.List.of(RiState.INITIALIZING, RiState.RUNNING))).isEqualTo(RiState.RUNNING);
        assertThat(RiState.resolve(java.util.List.of(RiState.RUNNING, RiState.DEGRADED))).isEqualTo(RiState.DEGRADED);
        assertThat(RiState.resolve(java.util.List.of(RiState.DEGRADED, RiState.COMPLETED))).isEqualTo(RiState.COMPLETED);
        assertThat(RiState.resolve(java.util.List.of(RiState.COMPLETED, RiState.FAILED))).isEqualTo(RiState.FAILED);
        assertThat(RiState.resolve(java.util.List.of())).isEqualTo(RiState.UNDEFINED);
    }

    @Test
    void statesHaveDisplayNames() {
        assertThat(RiState.INITIALIZING.displayName()).isEqualTo("Initializing");
        assertThat(RiState.fromDisplayName("Degraded")).isEqualTo(RiState.DEGRADED);
        assertThat(RiState.fromDisplayName("failed")).isEqualTo(RiState.FAILED);
        assertThat(RiState.fromDisplayName("UNDEFINED")).isEqualTo(RiState.UNDEFINED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiState.fromDisplayName("Deleted"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Deleted");
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    @Test
    void anUnreadablePhaseOrConditionsMakesTheStateUndefinedWithTheError() {
        CompiledResourceInterface ri = ri("""
                phaseDefinition: {path: .status.phase.value}
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  initializing: [{}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"phase\":\"text\"}}"));
        assertThat(result.state()).isEqualTo(RiState.UNDEFINED);
        assertThat(result.matchedStatuses()).containsExactly("Undefined");
        assertThat(result.errors()).singleElement().asString()
                .startsWith("spec.structureDefinition.rootComponent.statusDefinition.phaseDefinition.path: ")
                .contains("Cannot index string");

        CompiledResourceInterface badConditions = ri("""
                conditionsDefinition: {path: .status.conditions | keys}
                statusMappings:
                  initializing: [{}]
                """);
        StatusResult bad = badConditions.status(json("{\"status\":{\"conditions\":3}}"));
        assertThat(bad.state()).isEqualTo(RiState.UNDEFINED);
        assertThat(bad.errors()).singleElement().asString().contains("conditionsDefinition.path");
    }

    @Test
    void aFailingByExpressionOnlyFailsItsMatcher() {
        CompiledResourceInterface ri = ri("""
                statusMappings:
                  failed: [{byExpression: {expression: .status.x.y, expectedResult: "true"}}]
                  running: [{}]
                """);
        StatusResult result = ri.status(json("{\"status\":{\"x\":\"text\"}}"));
        assertThat(result.state()).isEqualTo(RiState.RUNNING);
        assertThat(result.errors()).singleElement().asString().contains("statusMappings.failed[0].byExpression.expression");
        assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void hugeNonStringValuesAreReportedNotThrown() {
        CompiledResourceInterface ri = ri("""
                conditionsDefinition: {path: .status.conditions}
                statusMappings:
                  running: [{byExpression: {expression: .status.blob, expectedResult: x}}]
                  initializing: [{}]
                """);
        String blob = "[" + String.join(",", java.util.Collections.nCopies(300_000, "\"abcd\"")) + "]";
        StatusResult result = ri.status(json("{\"status\":{\"blob\":" + blob + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"message\":" + blob + "}]}}"));
        assertThat(result.state()).isEqualTo(RiState.INITIALIZING);
        assertThat(result.conditions()).isEmpty();
        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0)).contains("condition \"Ready\" is ignored").contains("too large");
        assertThat(result.errors().get(1)).contains("running[0].byExpression.expression").contains("too large");
    }

    @Test
    void aRootWithoutStatusDefinitionIsUndefinedWithAnError() {
        CompiledResourceInterface ri = CompiledResourceInterface.compile(RiParser.parse("structureDefinition: {rootComponent: {name: r}}"));
        StatusResult result = ri.status(json("{}"));
        assertThat(result.state()).isEqualTo(RiState.UNDEFINED);
        assertThat(result.errors()).singleElement().asString().contains("no statusDefinition");
    }

    @Test
    void aNullOrOddObjectNeverThrows() {
        CompiledResourceInterface ri = CompiledResourceInterface.compile(KartaExamples.spec("pytorch"));
        assertThat(ri.status(null).state()).isEqualTo(RiState.UNDEFINED);
        assertThat(ri.status(json("[1,2]")).errors()).isNotEmpty();
        assertThat(ri.status(json("\"text\"")).state()).isEqualTo(RiState.UNDEFINED);
    }
}
