package io.kindred.ri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.ri.model.ConditionsDefinition;
import io.kindred.ri.model.ResourceInterfaceSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class RiParserTest {

    private static final String MINIMAL_SPEC = """
            structureDefinition:
              rootComponent:
                name: job
                kind: {group: batch, version: v1, kind: Job}
                statusDefinition:
                  statusMappings:
                    running:
                    - byPhase: Running
            """;

    private static RiParseException parseError(String text) {
        try {
            RiParser.parse(text);
        } catch (RiParseException e) {
            return e;
        }
        throw new AssertionError("expected a parse error for:\n" + text);
    }

    @Test
    void acceptsTheThreeEnvelopesAlike() throws Exception {
        ResourceInterfaceSpec bare = RiParser.parse(MINIMAL_SPEC);
        String indented = MINIMAL_SPEC.indent(2);
        ResourceInterfaceSpec full = RiParser.parse("""
                apiVersion: optimization.nvidia.com/v1alpha1
                kind: ResourceInterface
                metadata:
                  name: batch-job-v1
                spec:
                """ + indented);
        ResourceInterfaceSpec apiEntry = RiParser.parse("spec:\n" + indented);
        ResourceInterfaceSpec fromTree = RiParser.parse(new ObjectMapper().readTree(
                "{\"spec\":" + RiParser.toJson(bare) + "}"));

        assertThat(bare.rootComponent().name()).isEqualTo("job");
        assertThat(full).isEqualTo(bare);
        assertThat(apiEntry).isEqualTo(bare);
        assertThat(fromTree).isEqualTo(bare);
        assertThat(RiParser.parse(MINIMAL_SPEC.getBytes(StandardCharsets.UTF_8))).isEqualTo(bare);
    }

    @Test
    void fullObjectMustHaveTheRightApiVersionAndKind() {
        RiParseException wrongVersion = parseError("apiVersion: optimization.nvidia.com/v1\nspec:\n" + MINIMAL_SPEC.indent(2));
        assertThat(wrongVersion.getPath()).isEqualTo("apiVersion");
        assertThat(wrongVersion.getMessage()).contains("optimization.nvidia.com/v1alpha1").contains("optimization.nvidia.com/v1\"");

        RiParseException wrongKind = parseError("kind: Deployment\nspec:\n" + MINIMAL_SPEC.indent(2));
        assertThat(wrongKind.getPath()).isEqualTo("kind");

        RiParseException noSpec = parseError("apiVersion: optimization.nvidia.com/v1alpha1\nkind: ResourceInterface\n");
        assertThat(noSpec.getPath()).isEqualTo("spec");
        assertThat(noSpec.getMessage()).contains("required");

        RiParseException extra = parseError("spec:\n" + MINIMAL_SPEC.indent(2) + "extra: 1\n");
        assertThat(extra.getPath()).isEqualTo("extra");
    }

    @Test
    void statusAndMetadataOfAFullObjectAreIgnored() {
        ResourceInterfaceSpec spec = RiParser.parse("""
                apiVersion: optimization.nvidia.com/v1alpha1
                kind: ResourceInterface
                metadata: {name: x, annotations: {a: b}}
                status: {conditions: []}
                spec:
                """ + MINIMAL_SPEC.indent(2));
        assertThat(spec).isEqualTo(RiParser.parse(MINIMAL_SPEC));
    }

    @Test
    void refusesDocumentsThatAreNotAnRi() {
        assertThat(parseError("- a\n- b\n").getMessage()).contains("must be an object");
        assertThat(parseError("name: x\n").getMessage()).contains("not a Resource Interface");
        assertThat(parseError("").getMessage()).contains("empty");
        assertThat(parseError("   \n# only a comment\n").getMessage()).contains("empty");
        assertThat(parseError("optimizationInstructions: {}\n").getPath()).isEqualTo("spec.structureDefinition");
        assertThat(parseError("structureDefinition: {}\n").getPath()).isEqualTo("spec.structureDefinition.rootComponent");
    }

    @Test
    void unknownFieldIsNamedByItsFullPathWithASuggestion() {
        RiParseException e = parseError("""
                spec:
                  structureDefinition:
                    rootComponent: {name: root}
                    childComponents:
                    - name: a
                      ownerRef: root
                    - name: b
                      ownerRef: root
                      scaleDefinition:
                        replicaPath: .spec.replicas
                """);
        assertThat(e.getPath()).isEqualTo("spec.structureDefinition.childComponents[1].scaleDefinition.replicaPath");
        assertThat(e.getMessage()).contains("unknown field \"replicaPath\"").contains("did you mean \"replicasPath\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "structureDefinition: {rootComponent: {name: r, podSelector: {componentTypeSelector: {keyPath: .a, values: x}}}}",
            "structureDefinition: {rootComponent: {name: r, statusDefinition: {statusMappings: {runing: []}}}}",
            "structureDefinition: {rootComponent: {name: r}, additionalChildKinds: [{group: a, version: v1, kind: K, extra: 1}]}",
            "structureDefinition: {rootComponent: {name: r}}\noptimizationInstructions: {gangScheduling: {podGroups: [{name: g, members: [{componentName: r, filter: []}]}]}}"
    })
    void unknownFieldsAnywhereAreRefused(String text) {
        RiParseException e = parseError(text);
        assertThat(e.getPath()).startsWith("spec.");
        assertThat(e.getMessage()).contains("unknown field");
    }

    @Test
    void wrongTypesAreNamedByPath() {
        RiParseException number = parseError("structureDefinition: {rootComponent: {name: r, scaleDefinition: {replicasPath: 1}}}");
        assertThat(number.getPath()).isEqualTo("spec.structureDefinition.rootComponent.scaleDefinition.replicasPath");
        assertThat(number.getMessage()).contains("must be a string, found a number").contains("quote it");

        RiParseException bool = parseError("""
                structureDefinition:
                  rootComponent:
                    name: r
                    statusDefinition:
                      statusMappings:
                        running:
                        - byConditions:
                          - type: Ready
                            status: True
                """);
        assertThat(bool.getPath()).isEqualTo(
                "spec.structureDefinition.rootComponent.statusDefinition.statusMappings.running[0].byConditions[0].status");
        assertThat(bool.getMessage()).contains("found a boolean").contains("\"true\"");

        RiParseException list = parseError("structureDefinition: {rootComponent: {name: r}, childComponents: {name: a}}");
        assertThat(list.getPath()).isEqualTo("spec.structureDefinition.childComponents");
        assertThat(list.getMessage()).contains("must be a list, found an object");

        RiParseException object = parseError("structureDefinition: {rootComponent: {name: r, kind: apps/v1}}");
        assertThat(object.getPath()).isEqualTo("spec.structureDefinition.rootComponent.kind");
        assertThat(object.getMessage()).contains("must be an object, found a string");

        RiParseException element = parseError("structureDefinition: {rootComponent: {name: r}}\n"
                + "optimizationInstructions: {gangScheduling: {podGroups: [{name: g, members: [{componentName: r, groupByKeyPaths: [.a, 3]}]}]}}");
        assertThat(element.getPath()).isEqualTo("spec.optimizationInstructions.gangScheduling.podGroups[0].members[0].groupByKeyPaths[1]");

        RiParseException nullItem = parseError("structureDefinition: {rootComponent: {name: r}, childComponents: [null]}");
        assertThat(nullItem.getPath()).isEqualTo("spec.structureDefinition.childComponents[0]");
    }

    @Test
    void nullMeansAbsentAndDefaultsApply() {
        // rayjob.yaml writes reasonFieldName: null
        ResourceInterfaceSpec spec = KartaExamples.spec("rayjob");
        ConditionsDefinition conditions = spec.rootComponent().statusDefinition().conditionsDefinition();
        assertThat(conditions.reasonFieldName()).isEqualTo("reason");
        assertThat(conditions.typeFieldName()).isEqualTo("type");
        assertThat(RiParser.parse("structureDefinition: {rootComponent: {name: r, ownerRef: null}, childComponents: null}")
                .structureDefinition().childComponents()).isEmpty();
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        RiParseException e = parseError("structureDefinition:\n  rootComponent: [\n");
        assertThat(e.getLine()).isPositive();
        assertThat(e.getColumn()).isPositive();
        assertThat(e.getPath()).isNull();
        assertThat(e.getMessage()).startsWith("line ").contains("invalid YAML");
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumn() {
        RiParseException e = parseError("{\"structureDefinition\": {\"rootComponent\": }}");
        assertThat(e.getLine()).isEqualTo(1);
        assertThat(e.getColumn()).isPositive();
        assertThat(e.getMessage()).contains("invalid JSON");

        RiParseException trailing = parseError("{\"structureDefinition\": {\"rootComponent\": {}}} {}");
        assertThat(trailing.getMessage()).contains("unexpected content after the end of the JSON document");
        assertThat(trailing.getColumn()).isEqualTo(48);
    }

    @Test
    void theReferenceMpiJobIsNotValidYamlAndIsRefusedClearly() {
        RiParseException e = parseError(KartaExamples.text("mpijob"));
        assertThat(e.getLine()).isEqualTo(25);
        assertThat(e.getColumn()).isEqualTo(42);
        assertThat(e.getMessage())
                .isEqualTo("line 25, column 42: invalid YAML: expected <block end>, but found '<scalar>' "
                        + "(while parsing a block mapping that starts at line 24, column 17)");
    }

    @Test
    void duplicateKeysAreRefusedInYamlAndJson() {
        assertThat(parseError("structureDefinition:\n  rootComponent:\n    name: a\n    name: b\n").getMessage())
                .contains("Duplicate field 'name'").contains("line 4");
        assertThat(parseError("{\"structureDefinition\":{\"rootComponent\":{\"name\":\"a\",\"name\":\"b\"}}}").getMessage())
                .contains("Duplicate field 'name'");
    }

    @Test
    void yamlAliasesAreRefusedSoBillionLaughsCannotHappen() {
        String laughs = """
                a: &a ["x","x","x","x","x","x","x","x","x"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                """;
        RiParseException e = parseError(laughs);
        assertThat(e.getMessage()).contains("YAML aliases (*a) are not supported");
        assertThat(e.getLine()).isEqualTo(2);
    }

    @Test
    void onlyOneYamlDocumentIsAccepted() {
        assertThat(parseError(MINIMAL_SPEC + "---\nfoo: 1\n").getMessage()).contains("more than one YAML document");
        // a leading document marker is fine
        assertThat(RiParser.parse("---\n" + MINIMAL_SPEC)).isEqualTo(RiParser.parse(MINIMAL_SPEC));
    }

    @Test
    void inputSizeAndNestingAreBounded() {
        String big = MINIMAL_SPEC + "# " + "x".repeat(RiParser.MAX_DOCUMENT_BYTES) + "\n";
        assertThat(parseError(big).getMessage()).contains("at most " + RiParser.MAX_DOCUMENT_BYTES + " bytes");

        String deepJson = "[".repeat(500) + "]".repeat(500);
        assertThat(parseError(deepJson).getMessage()).contains("nesting depth");
        StringBuilder deepYaml = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deepYaml.append("  ".repeat(i)).append("a:\n");
        }
        assertThat(parseError(deepYaml.toString()).getMessage()).contains("nesting depth");
    }

    @ParameterizedTest
    @FieldSource("io.kindred.ri.KartaExamples#PARSEABLE")
    void everyParseableExampleRoundTripsThroughCanonicalJson(String example) {
        ResourceInterfaceSpec spec = KartaExamples.spec(example);
        String json = RiParser.toJson(spec);
        assertThat(RiParser.parse(json)).isEqualTo(spec);
        assertThat(RiParser.toJson(RiParser.parse(json))).isEqualTo(json);
    }

    @Test
    void canonicalJsonIsCompactOrderedAndSpellsDefaultsOut() {
        String reordered = """
                {"structureDefinition": {"childComponents": [], "rootComponent": {
                  "statusDefinition": {"statusMappings": {"running": [{"byPhase": "Running"}]},
                                       "conditionsDefinition": {"statusFieldName": "status", "path": ".status.conditions"}},
                  "kind": {"kind": "Job", "version": "v1", "group": "batch"}, "name": "job"}}}
                """;
        assertThat(RiParser.toJson(RiParser.parse(reordered))).isEqualTo(
                "{\"structureDefinition\":{\"rootComponent\":{\"name\":\"job\","
                        + "\"kind\":{\"group\":\"batch\",\"version\":\"v1\",\"kind\":\"Job\"},"
                        + "\"statusDefinition\":{\"conditionsDefinition\":{\"path\":\".status.conditions\","
                        + "\"typeFieldName\":\"type\",\"statusFieldName\":\"status\",\"messageFieldName\":\"message\","
                        + "\"reasonFieldName\":\"reason\"},\"statusMappings\":{\"running\":[{\"byPhase\":\"Running\"}]}}}}}");
        assertThat(RiParser.toJsonNode(RiParser.parse(reordered)).toString()).isEqualTo(RiParser.toJson(RiParser.parse(reordered)));
    }

    @Test
    void readDocumentReadsAnyObjectWithTheSameLimits() {
        assertThat(RiParser.readDocument("kind: Pod\nmetadata: {name: p}\n".getBytes(StandardCharsets.UTF_8), 1000, "pod")
                .path("metadata").path("name").asText()).isEqualTo("p");
        assertThatThrownBy(() -> RiParser.readDocument("a: 1\n".getBytes(StandardCharsets.UTF_8), 2, "pod"))
                .isInstanceOf(RiParseException.class).hasMessageContaining("the pod document is 5 bytes; at most 2");
    }
}
