package io.kindred.ri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kindred.ri.jq.JqLimits;
import io.kindred.ri.model.JqField;
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
    void refusesAnRiWhoseExpressionsDoNotCompileListingEveryOne() {
        RiCompileException e = catchThrowableOfType(RiCompileException.class, () -> CompiledResourceInterface.compile(RiParser.parse("""
                structureDefinition:
                  rootComponent:
                    name: r
                    statusDefinition:
                      phaseDefinition: {path: "recurse"}
                      statusMappings: {running: [{byExpression: {expression: ".a[", expectedResult: x}}]}
                """)));
        assertThat(e.getProblems()).extracting(ValidationProblem::path).containsExactly(
                "spec.structureDefinition.rootComponent.statusDefinition.phaseDefinition.path",
                "spec.structureDefinition.rootComponent.statusDefinition.statusMappings.running[0].byExpression.expression");
        assertThat(e.getProblems().get(0).message()).contains("recursion is not allowed");
        assertThat(e.getMessage()).startsWith("2 jq expressions cannot be compiled");
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
