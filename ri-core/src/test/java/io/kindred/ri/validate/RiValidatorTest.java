package io.kindred.ri.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.ri.KartaExamples;
import io.kindred.ri.RiParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RiValidatorTest {

    private static final String ROOT = "spec.structureDefinition.rootComponent";
    private static final String CHILD = "spec.structureDefinition.childComponents";
    private static final String GROUPS = "spec.optimizationInstructions.gangScheduling.podGroups";

    /** A valid two-level RI; tests replace parts of it. */
    private static final String VALID = """
            structureDefinition:
              rootComponent:
                name: job
                kind: {group: example.com, version: v1, kind: TrainJob}
                statusDefinition:
                  phaseDefinition: {path: .status.phase}
                  statusMappings:
                    running: [{byPhase: Running}]
              childComponents:
              - name: launcher
                ownerRef: job
                specDefinition: {podTemplateSpecPath: .spec.launcher.template}
                scaleDefinition: {replicasPath: "1"}
                podSelector:
                  componentTypeSelector: {keyPath: ".metadata.labels.role", value: launcher}
              - name: worker
                ownerRef: job
                specDefinition: {podTemplateSpecPath: .spec.worker.template}
                scaleDefinition: {replicasPath: .spec.worker.replicas}
                podSelector:
                  componentTypeSelector: {keyPath: ".metadata.labels.role", value: worker}
            optimizationInstructions:
              gangScheduling:
                podGroups:
                - name: job
                  members:
                  - componentName: launcher
                    groupByKeyPaths: [".metadata.labels.job"]
                  - componentName: worker
                    groupByKeyPaths: [".metadata.labels.job"]
                    filters: [".spec.nodeName == null"]
            """;

    private static List<ValidationProblem> validate(String yaml) {
        return RiValidator.validate(RiParser.parse(yaml));
    }

    private static List<ValidationProblem> validateChanged(String from, String to) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException("not in the base RI: " + from);
        }
        return validate(VALID.replace(from, to));
    }

    /** Asserts that the change leaves the RI valid, with exactly one warning. */
    private static void assertSingleWarning(String from, String to, String path, String messagePart) {
        assertSingleWarning(VALID.replace(from, to), path, messagePart);
        assertThat(VALID).contains(from);
    }

    private static void assertSingleWarning(String yaml, String path, String messagePart) {
        ValidationReport report = RiValidator.check(RiParser.parse(yaml));
        assertThat(report.errors()).as("errors").isEmpty();
        assertThat(report.valid()).isTrue();
        assertSingleProblem(report.warnings(), path, messagePart);
    }

    private static void assertSingleProblem(List<ValidationProblem> problems, String path, String messagePart) {
        assertThat(problems).as(problems.toString()).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(path);
        assertThat(problems.get(0).message()).contains(messagePart);
    }

    @Test
    void theBaseRiIsValid() {
        assertThat(validate(VALID)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.kindred.ri.KartaExamples#PARSEABLE")
    void everyParseableReferenceExampleIsValid(String example) {
        assertThat(RiValidator.validate(KartaExamples.spec(example))).isEmpty();
    }

    /** The lenient rules change nothing for the reference examples: still valid, no warning, every expression compiles. */
    @ParameterizedTest
    @FieldSource("io.kindred.ri.KartaExamples#PARSEABLE")
    void everyParseableReferenceExampleGivesWhatItGaveBefore(String example) {
        ValidationReport report = RiValidator.check(KartaExamples.spec(example));
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(io.kindred.ri.CompiledResourceInterface.compile(KartaExamples.spec(example)).compileProblems()).isEmpty();
        // the canonical form (what the registry stores and compares) is unchanged by the empty-is-absent rule
        assertThat(io.kindred.ri.RiParser.toJson(KartaExamples.spec(example)))
                .isEqualTo(io.kindred.ri.RiParser.toJson(io.kindred.ri.RiParser.parse(io.kindred.ri.RiParser.toJson(KartaExamples.spec(example)))));
    }

    // ---- root -------------------------------------------------------------------------------------------------

    @Test
    void theRootNeedsAFullKind() {
        assertSingleProblem(validateChanged("    kind: {group: example.com, version: v1, kind: TrainJob}\n", ""),
                ROOT + ".kind", "needs a kind");
        assertSingleProblem(validateChanged("{group: example.com, version: v1, kind: TrainJob}", "{group: example.com, kind: TrainJob}"),
                ROOT + ".kind.version", "needs a version");
        assertSingleProblem(validateChanged("{group: example.com, version: v1, kind: TrainJob}", "{group: example.com, version: v1, kind: \"\"}"),
                ROOT + ".kind.kind", "needs a kind");
    }

    @Test
    void theGroupMayBeEmptyOnlyForCoreKinds() {
        assertSingleProblem(validateChanged("{group: example.com, version: v1, kind: TrainJob}", "{group: \"\", version: v1, kind: TrainJob}"),
                ROOT + ".kind.group", "not a core kind");
        assertThat(validateChanged("{group: example.com, version: v1, kind: TrainJob}", "{group: \"\", version: v1, kind: Pod}")).isEmpty();
        assertThat(validateChanged("{group: example.com, version: v1, kind: TrainJob}", "{version: v1, kind: Service}")).isEmpty();
    }

    @Test
    void onlyTheRootsKindIsChecked() {
        // lws.yaml's "group" child has no kind at all
        assertThat(validateChanged("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: job\n    kind: {kind: \"\"}\n")).isEmpty();
    }

    @Test
    void theRootHasNoOwnerRef() {
        assertSingleProblem(validateChanged("    name: job\n", "    name: job\n    ownerRef: job\n"), ROOT + ".ownerRef", "cannot have an ownerRef");
        assertThat(validateChanged("    name: job\n", "    name: job\n    ownerRef: \"\"\n")).isEmpty();
    }

    @Test
    void theRootNeedsAStatusDefinitionAndOneThatMapsNothingIsAcceptedWithAWarning() {
        assertSingleProblem(validateChanged("""
                    statusDefinition:
                      phaseDefinition: {path: .status.phase}
                      statusMappings:
                        running: [{byPhase: Running}]
                """, ""), ROOT + ".statusDefinition", "needs a statusDefinition");
        assertSingleWarning("""
                      statusMappings:
                        running: [{byPhase: Running}]
                """, "", ROOT + ".statusDefinition.statusMappings", "maps no status, so every object reads Undefined");
        assertSingleWarning("""
                      statusMappings:
                        running: [{byPhase: Running}]
                """, """
                      statusMappings: {}
                """, ROOT + ".statusDefinition.statusMappings", "maps no status");
    }

    // ---- names and ownership -----------------------------------------------------------------------------------

    @Test
    void componentsNeedNames() {
        assertThat(validateChanged("  - name: launcher\n", "  - name: \"\"\n"))
                .extracting(ValidationProblem::path)
                .contains(CHILD + "[0].name", GROUPS + "[0].members[0].componentName");
    }

    @Test
    void duplicateNamesAreReportedAlone() {
        List<ValidationProblem> problems = validate(VALID.replace("  - name: worker\n", "  - name: launcher\n")
                .replace("kind: {group: example.com, version: v1, kind: TrainJob}", "kind: {version: v1}"));
        assertSingleProblem(problems, CHILD + "[1].name", "duplicate component name \"launcher\"");
        assertThat(problems.get(0).message()).contains("already used by " + CHILD + "[0]");
        assertSingleProblem(validateChanged("  - name: worker\n", "  - name: job\n"), CHILD + "[1].name", "already used by " + ROOT);
    }

    @Test
    void childrenNeedAnOwnerRefToAnExistingComponent() {
        assertSingleProblem(validateChanged("  - name: worker\n    ownerRef: job\n", "  - name: worker\n"),
                CHILD + "[1].ownerRef", "needs an ownerRef");
        assertSingleProblem(validateChanged("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: \"\"\n"),
                CHILD + "[1].ownerRef", "needs an ownerRef");
        assertSingleProblem(validateChanged("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: boss\n"),
                CHILD + "[1].ownerRef", "\"boss\" names no component");
    }

    @Test
    void ownershipCyclesAreFound() {
        List<ValidationProblem> problems = validate(VALID
                .replace("  - name: launcher\n    ownerRef: job\n", "  - name: launcher\n    ownerRef: worker\n")
                .replace("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: launcher\n"));
        assertSingleProblem(problems, CHILD + "[0].ownerRef", "ownership cycle: launcher → worker → launcher");
        assertSingleProblem(validateChanged("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: worker\n"),
                CHILD + "[1].ownerRef", "ownership cycle: worker → worker");
    }

    @Test
    void structuralErrorsSkipTheCycleCheck() {
        // launcher and worker own each other (a cycle), and a nameless-owner child makes the structure unsound:
        // only the structural error is reported
        List<ValidationProblem> problems = validate(VALID
                .replace("  - name: launcher\n    ownerRef: job\n", "  - name: launcher\n    ownerRef: worker\n")
                .replace("  - name: worker\n    ownerRef: job\n", "  - name: worker\n    ownerRef: launcher\n")
                .replace("childComponents:\n", "childComponents:\n  - name: stray\n"));
        assertThat(problems).extracting(ValidationProblem::path).containsExactly(CHILD + "[0].ownerRef");
        assertThat(problems).extracting(ValidationProblem::message).noneMatch(m -> m.contains("cycle"));
    }

    // ---- components --------------------------------------------------------------------------------------------

    @Test
    void atMostOnePodSpecDefinitionAndMetadataPathDoesNotCount() {
        assertSingleProblem(validateChanged("{podTemplateSpecPath: .spec.worker.template}",
                        "{podTemplateSpecPath: .spec.worker.template, podSpecPath: .spec.worker.template.spec}"),
                CHILD + "[1].specDefinition", "only one of");
        assertSingleProblem(validateChanged("{podTemplateSpecPath: .spec.worker.template}",
                        "{podTemplateSpecPath: .a, fragmentedPodSpecDefinition: {labelsPath: .b}}"),
                CHILD + "[1].specDefinition", "only one of");
        assertThat(validateChanged("{podTemplateSpecPath: .spec.worker.template}",
                "{podSpecPath: .spec.worker.template.spec, metadataPath: .spec.worker.template.metadata}")).isEmpty();
    }

    @Test
    void instanceIdPathAndComponentInstanceSelectorComeTogether() {
        assertSingleProblem(validateChanged("    scaleDefinition: {replicasPath: .spec.worker.replicas}\n",
                        "    scaleDefinition: {replicasPath: .spec.worker.replicas}\n    instanceIdPath: .spec.groups[].name\n"),
                CHILD + "[1].podSelector.componentInstanceSelector", "needs a podSelector.componentInstanceSelector");
        assertSingleProblem(validateChanged("{keyPath: \".metadata.labels.role\", value: worker}",
                        "{keyPath: \".metadata.labels.role\", value: worker}\n      componentInstanceSelector: {idPath: .metadata.labels.group}"),
                CHILD + "[1].instanceIdPath", "needs an instanceIdPath");
        assertThat(validateChanged("""
                    scaleDefinition: {replicasPath: .spec.worker.replicas}
                    podSelector:
                      componentTypeSelector: {keyPath: ".metadata.labels.role", value: worker}
                """, """
                    scaleDefinition: {replicasPath: ".spec.groups[].replicas"}
                    instanceIdPath: ".spec.groups[].name"
                    podSelector:
                      componentTypeSelector: {keyPath: ".metadata.labels.role", value: worker}
                      componentInstanceSelector: {idPath: .metadata.labels.group}
                """)).isEmpty();
    }

    @Test
    void fieldsTheCrdRequiresButTheReferenceDoesNotCheckAreWarnings() {
        assertSingleWarning("phaseDefinition: {path: .status.phase}", "phaseDefinition: {}",
                ROOT + ".statusDefinition.phaseDefinition.path", "path is required by the CRD");
        assertSingleWarning("phaseDefinition: {path: .status.phase}", "conditionsDefinition: {typeFieldName: t}",
                ROOT + ".statusDefinition.conditionsDefinition.path", "path is required by the CRD");
        assertSingleWarning("running: [{byPhase: Running}]", "running: [{byConditions: [{status: \"True\"}]}]",
                ROOT + ".statusDefinition.statusMappings.running[0].byConditions[0].type", "type is required by the CRD");
        assertSingleWarning("running: [{byPhase: Running}]", "running: [{byExpression: {expression: .a}}]",
                ROOT + ".statusDefinition.statusMappings.running[0].byExpression.expectedResult", "expectedResult is required");
        assertSingleWarning("running: [{byPhase: Running}]", "running: [{byExpression: {expectedResult: x}}]",
                ROOT + ".statusDefinition.statusMappings.running[0].byExpression.expression", "expression is required");
        assertSingleWarning("{keyPath: \".metadata.labels.role\", value: worker}", "{value: worker}",
                CHILD + "[1].podSelector.componentTypeSelector.keyPath", "keyPath is required");
        assertSingleWarning("{keyPath: \".metadata.labels.role\", value: worker}",
                "{keyPath: \".metadata.labels.role\", value: worker}\n      replicaSelector: {}",
                CHILD + "[1].podSelector.replicaSelector.keyPath", "keyPath is required");
    }

    // ---- pod groups --------------------------------------------------------------------------------------------

    @Test
    void podGroupsAreNamedUniquelyAndHaveMembers() {
        assertSingleWarning("    - name: job\n", "    - name: \"\"\n", GROUPS + "[0].name", "requires a pod group name");
        List<ValidationProblem> duplicate = validate(VALID + "    - name: job\n      members: [{componentName: worker}]\n");
        assertSingleProblem(duplicate, GROUPS + "[1].name", "duplicate pod group name \"job\"");
        assertSingleWarning(VALID + "    - name: empty\n", GROUPS + "[1].members", "at least one member");
    }

    @Test
    void podGroupMembersNameExistingComponentsOnce() {
        assertSingleProblem(validateChanged("    - componentName: launcher\n", "    - componentName: ghost\n"),
                GROUPS + "[0].members[0].componentName", "\"ghost\" names no component");
        assertSingleProblem(validateChanged("    - componentName: launcher\n", "    - componentName: \"\"\n"),
                GROUPS + "[0].members[0].componentName", "componentName is required");
        assertSingleProblem(validateChanged("    - componentName: launcher\n", "    - componentName: worker\n"),
                GROUPS + "[0].members[1].componentName", "already a member");
    }

    // ---- jq ----------------------------------------------------------------------------------------------------

    @Test
    void everyJqExpressionMustCompileAndBeSafe() {
        List<ValidationProblem> problems = validate(VALID
                .replace("{replicasPath: .spec.worker.replicas}", "{replicasPath: \".spec.worker.replicas[\"}")
                .replace("[\".metadata.labels.job\"]\n                    filters", "[\".metadata.labels.job\"]\n                    filters")
                .replace("filters: [\".spec.nodeName == null\"]", "filters: [\"[.. | .x]\", \"env.HOME\"]")
                .replace("phaseDefinition: {path: .status.phase}", "phaseDefinition: {path: \"\"}"));
        assertThat(problems).extracting(ValidationProblem::path).containsExactly(
                CHILD + "[1].scaleDefinition.replicasPath",
                GROUPS + "[0].members[1].filters[0]",
                GROUPS + "[0].members[1].filters[1]");
        assertThat(problems.get(0).message()).startsWith("invalid jq");
        assertThat(problems.get(1).message()).contains("recursive descent (..)").contains("at column 2");
        assertThat(problems.get(2).message()).contains("env is not allowed");
    }

    @Test
    void anEmptyJqExpressionIsAbsentAsInTheReference() {
        String withEmpty = VALID.replace("{replicasPath: .spec.worker.replicas}", "{replicasPath: \"\"}");
        ValidationReport report = RiValidator.check(RiParser.parse(withEmpty));
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(RiParser.parse(withEmpty).structureDefinition().childComponents().get(1).scaleDefinition().replicasPath()).isNull();
        // where the CRD requires the expression, the empty one is a missing one: a warning, not an error
        assertSingleWarning("phaseDefinition: {path: .status.phase}", "phaseDefinition: {path: \"\"}",
                ROOT + ".statusDefinition.phaseDefinition.path", "path is required by the CRD");
        // an empty entry of a list is left out
        assertThat(RiParser.parse(VALID.replace("filters: [\".spec.nodeName == null\"]", "filters: [\"\", \".spec.nodeName == null\"]"))
                .podGroups().get(0).members().get(1).filters()).containsExactly(".spec.nodeName == null");
    }

    @Test
    void aFunctionJqDoesNotDefineIsAWarningAsTheReferenceOnlyParses() {
        assertSingleWarning("{keyPath: \".metadata.labels.role\", value: worker}",
                "{keyPath: \".metadata.labels.service-name\", value: worker}",
                CHILD + "[1].podSelector.componentTypeSelector.keyPath", "function name/0 is not defined in jq");
        // a refused construct next to it is still an error
        List<ValidationProblem> errors = validateChanged("{keyPath: \".metadata.labels.role\", value: worker}",
                "{keyPath: \".metadata.labels.service-name | recurse\", value: worker}");
        assertSingleProblem(errors, CHILD + "[1].podSelector.componentTypeSelector.keyPath", "recurs");
    }

    // ---- limits ------------------------------------------------------------------------------------------------

    @Test
    void sizesAreBounded() {
        StringBuilder many = new StringBuilder(VALID.substring(0, VALID.indexOf("optimizationInstructions:")));
        for (int i = 0; i < RiValidator.MAX_COMPONENTS; i++) {
            many.append("  - {name: c").append(i).append(", ownerRef: job}\n");
        }
        assertSingleProblem(validate(many.toString()), CHILD, "at most 64 components");

        StringBuilder keys = new StringBuilder(VALID);
        keys.append("    - name: keys\n      members:\n      - componentName: worker\n        groupByKeyPaths:\n");
        for (int i = 0; i <= RiValidator.MAX_KEY_PATHS; i++) {
            keys.append("        - .a").append(i).append('\n');
        }
        assertSingleProblem(validate(keys.toString()), GROUPS + "[1].members[0].groupByKeyPaths", "at most 16 groupByKeyPaths");

        StringBuilder groups = new StringBuilder(VALID);
        for (int i = 0; i < RiValidator.MAX_POD_GROUPS; i++) {
            groups.append("    - {name: g").append(i).append(", members: [{componentName: worker}]}\n");
        }
        assertSingleProblem(validate(groups.toString()), GROUPS, "at most 32 pod groups");

        StringBuilder matchers = new StringBuilder(VALID.replace("running: [{byPhase: Running}]", "running:"));
        int at = matchers.indexOf("running:") + "running:".length();
        matchers.insert(at, ("\n" + " ".repeat(10) + "- {byPhase: P}").repeat(RiValidator.MAX_MATCHERS + 1));
        assertSingleProblem(validate(matchers.toString()), ROOT + ".statusDefinition.statusMappings.running", "at most 32 matchers");

        assertSingleProblem(validateChanged("  - name: worker\n", "  - name: " + "w".repeat(254) + "\n    # long\n")
                        .stream().filter(p -> !p.path().startsWith(GROUPS)).toList(),
                CHILD + "[1].name", "at most 253 characters");
    }

    @Test
    void membersFiltersConditionsAndAdditionalKindsAreBounded() {
        StringBuilder members = new StringBuilder(VALID).append("    - name: big\n      members:\n");
        for (int i = 0; i <= RiValidator.MAX_MEMBERS; i++) {
            members.append("      - {componentName: worker, filters: [\"true\"]}\n");
        }
        assertThat(validate(members.toString())).extracting(ValidationProblem::message)
                .contains("at most 32 members per pod group are allowed; there are 33");

        String filters = VALID.replace("filters: [\".spec.nodeName == null\"]",
                "filters: [" + String.join(", ", java.util.Collections.nCopies(17, "\"true\"")) + "]");
        assertSingleProblem(validate(filters), GROUPS + "[0].members[1].filters", "at most 16 filters");

        String conditions = VALID.replace("running: [{byPhase: Running}]",
                "running: [{byConditions: [" + String.join(", ", java.util.Collections.nCopies(33, "{type: A}")) + "]}]");
        assertSingleProblem(validate(conditions), ROOT + ".statusDefinition.statusMappings.running[0].byConditions",
                "at most 32 conditions per matcher");

        String kinds = VALID.replace("  childComponents:\n", "  additionalChildKinds: ["
                + String.join(", ", java.util.Collections.nCopies(65, "{group: a, version: v1, kind: K}")) + "]\n  childComponents:\n");
        assertSingleProblem(validate(kinds), "spec.structureDefinition.additionalChildKinds", "at most 64 additional child kinds");
    }

    /**
     * An RI far past the size limit (the document limit allows some 20 000 components) is still validated in full,
     * and in time linear in its size: a 20 000-deep ownership chain used to take a walk per component, each
     * searching its own chain (cubic: hours), and every unknown ownerRef repeated the whole list of names.
     */
    @Test
    void hugeRisAreValidatedWithoutBlowingUp() {
        int count = 20_000;
        StringBuilder chain = new StringBuilder(VALID.substring(0, VALID.indexOf("optimizationInstructions:")));
        for (int i = 0; i < count; i++) {
            chain.append("  - {name: c").append(i).append(", ownerRef: ").append(i == 0 ? "job" : "c" + (i - 1)).append("}\n");
        }
        assertSingleProblem(validate(chain.toString()), CHILD, "at most 64 components");

        // the same chain with its first link pointing at its last: one cycle through every component, reported once
        String cycle = chain.toString().replace("{name: c0, ownerRef: job}", "{name: c0, ownerRef: c" + (count - 1) + "}");
        List<ValidationProblem> cycleProblems = validate(cycle);
        assertThat(cycleProblems).extracting(ValidationProblem::path).containsExactly(CHILD, CHILD + "[2].ownerRef");
        String cycleMessage = cycleProblems.get(1).message();
        assertThat(cycleMessage.startsWith("ownership cycle: c0 → c" + (count - 1) + " → c" + (count - 2) + " → ")
                && cycleMessage.contains(" → c2 → c1 → c0; following ownerRefs must lead to the root component"))
                .as("cycle message %s…", cycleMessage.substring(0, 80)).isTrue();

        StringBuilder orphans = new StringBuilder(VALID.substring(0, VALID.indexOf("optimizationInstructions:")));
        for (int i = 0; i < count; i++) {
            orphans.append("  - {name: c").append(i).append(", ownerRef: x").append(i).append("}\n");
        }
        List<ValidationProblem> orphanProblems = validate(orphans.toString());
        assertThat(orphanProblems).hasSize(count + 1);
        assertThat(orphanProblems.get(1).message()).startsWith("ownerRef \"x0\" names no component of this RI; "
                + "known components: job, launcher, worker, c0, c1, ").endsWith(", c60, … (20003 in all)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<ValidationProblem> problems = validate(VALID
                .replace("    name: job\n", "    name: job\n    ownerRef: x\n")
                .replace("  - name: worker\n    ownerRef: job\n", "  - name: worker\n")
                .replace("    - componentName: launcher\n", "    - componentName: ghost\n"));
        assertThat(problems).extracting(ValidationProblem::path).containsExactly(
                ROOT + ".ownerRef", CHILD + "[1].ownerRef", GROUPS + "[0].members[0].componentName");
        assertThat(problems.get(0).toString()).isEqualTo(ROOT + ".ownerRef: " + problems.get(0).message());
    }
}
