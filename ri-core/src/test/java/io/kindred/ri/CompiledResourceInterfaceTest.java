package io.kindred.ri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.jq.JqLimits;
import io.kindred.ri.model.JqField;
import io.kindred.ri.status.RiState;
import io.kindred.ri.status.StatusResult;
import io.kindred.ri.validate.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CompiledResourceInterfaceTest {

    @ParameterizedTest
    @FieldSource("io.kindred.ri.KartaExamples#PARSEABLE")
    void compilesEveryExpressionOfEachReferenceExampleOnce(String example) {
        CompiledResourceInterface ri = CompiledResourceInterface.compile(KartaExamples.spec(example));
        assertThat(ri.expressions().all().keySet())
                .containsExactlyElementsOf(ri.spec().jqFields().stream().map(JqField::path).toList());
        for (JqField field : ri.spec().jqFields()) {
            assertThat(ri.expressions().require(field.path()).source()).isEqualTo(field.expression());
        }
    }

    @Test
    void refusesAnRiPastTheComponentLimitEvenUnvalidated() {
        StringBuilder yaml = new StringBuilder("""
                structureDefinition:
                  rootComponent: {name: c0, statusDefinition: {phaseDefinition: {path: .status.phase}}}
                  childComponents:
                """);
        // A deep ownership chain: the shape whose ancestor lists would grow quadratically.
        for (int i = 1; i <= 5_000; i++) {
            yaml.append("    - {name: c").append(i).append(", ownerRef: c").append(i - 1).append("}\n");
        }
        RiCompileException e = catchThrowableOfType(RiCompileException.class,
                () -> CompiledResourceInterface.compile(RiParser.parse(yaml.toString())));
        assertThat(e.getProblems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("spec.structureDefinition.childComponents");
            assertThat(problem.message()).contains("at most 64 components", "5001");
        });
    }

    @Test
    void anExpressionThatDoesNotCompileFailsOnlyWhereItIsEvaluated() {
        CompiledResourceInterface ri = CompiledResourceInterface.compile(RiParser.parse("""
                structureDefinition:
                  rootComponent:
                    name: r
                    kind: {group: example.com, version: v1, kind: W}
                    statusDefinition:
                      phaseDefinition: {path: .status.phase}
                      statusMappings:
                        running: [{byPhase: Running}]
                        failed: [{byExpression: {expression: ".a[", expectedResult: x}}]
                  childComponents:
                    - name: server
                      ownerRef: r
                      specDefinition: {podTemplateSpecPath: .spec.server}
                      scaleDefinition: {replicasPath: .spec.replicas}
                      podSelector:
                        componentTypeSelector: {keyPath: .metadata.labels.service-name, value: server}
                    - name: sidecar
                      ownerRef: r
                      specDefinition: {podTemplateSpecPath: "[..]"}
                      podSelector:
                        componentTypeSelector: {keyPath: .metadata.labels.role, value: sidecar}
                """));
        assertThat(ri.compileProblems()).extracting(ValidationProblem::path).containsExactly(
                "spec.structureDefinition.rootComponent.statusDefinition.statusMappings.failed[0].byExpression.expression",
                "spec.structureDefinition.childComponents[0].podSelector.componentTypeSelector.keyPath",
                "spec.structureDefinition.childComponents[1].specDefinition.podTemplateSpecPath");
        assertThat(ri.compileProblems().get(1).message()).contains("function name/0 is not defined in jq");

        JsonNode object = RiParser.readDocument("""
                spec: {replicas: 2, server: {spec: {containers: []}}}
                status: {phase: Running}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1 << 20, "object");
        StatusResult status = ri.status(object);
        assertThat(status.state()).isEqualTo(RiState.RUNNING);
        assertThat(status.errors()).singleElement().asString()
                .startsWith("spec.structureDefinition.rootComponent.statusDefinition.statusMappings.failed[0].byExpression.expression: invalid jq");

        var structure = ri.structure(object);
        assertThat(structure.errors()).singleElement().asString()
                .startsWith("spec.structureDefinition.childComponents[1].specDefinition.podTemplateSpecPath");
        assertThat(ri.subtreeScale(object, "server", null)).isEqualTo(2);

        JsonNode sidecarPod = RiParser.readDocument("metadata: {labels: {role: sidecar}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                1 << 20, "pod");
        var resolution = ri.resolvePod(object, sidecarPod, null);
        assertThat(resolution.errors()).singleElement().asString()
                .startsWith("spec.structureDefinition.childComponents[0].podSelector.componentTypeSelector.keyPath: ")
                .contains("function name/0 is not defined in jq");
        assertThat(ri.resolvePod(object, sidecarPod, "sidecar").component()).isEqualTo("sidecar");
    }

    @Test
    void anInvalidRiWhoseExpressionsCompileIsEvaluatedAsGiven() {
        // no kind on the root, child without ownerRef: invalid, yet status can be read
        CompiledResourceInterface ri = CompiledResourceInterface.compile(RiParser.parse("""
                structureDefinition:
                  rootComponent:
                    name: r
                    statusDefinition:
                      phaseDefinition: {path: .status.phase}
                      statusMappings: {running: [{byPhase: Up}]}
                  childComponents: [{name: c}]
                """), JqLimits.DEFAULT);
        assertThat(ri.status(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .set("status", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("phase", "Up")))
                .matchedStatuses()).containsExactly("Running");
    }
}
