package io.kindred.ri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.ri.KartaExamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private int exitCode;
    private String stdout;
    private String stderr;

    @BeforeEach
    void copyExamples() throws IOException {
        for (String name : new String[] {"pytorch", "mpijob", "dynamo"}) {
            Files.writeString(dir.resolve(name + ".yaml"), KartaExamples.text(name));
        }
    }

    private void ri(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exitCode = RiCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), dir);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode output() throws IOException {
        return JSON.readTree(stdout);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void validateAValidRi() throws IOException {
        ri("validate", "pytorch.yaml");
        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(JSON.readTree("{\"valid\":true}"));
        assertThat(stderr).isEmpty();
    }

    @Test
    void validateAnInvalidRiListsEveryProblem() throws IOException {
        write("bad.json", """
                {"spec": {"structureDefinition": {
                  "rootComponent": {"name": "r", "ownerRef": "x", "statusDefinition": {"statusMappings": {"running": [{}]}}},
                  "childComponents": [{"name": "c"}]}}}
                """);
        ri("validate", "bad.json");
        assertThat(exitCode).isEqualTo(1);
        JsonNode result = output();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("errors")).hasSize(3);
        assertThat(result.at("/errors/0/path").asText()).isEqualTo("spec.structureDefinition.rootComponent.kind");
        assertThat(result.at("/errors/1/path").asText()).isEqualTo("spec.structureDefinition.rootComponent.ownerRef");
        assertThat(result.at("/errors/2/path").asText()).isEqualTo("spec.structureDefinition.childComponents[0].ownerRef");
        assertThat(result.at("/errors/2/message").asText()).contains("needs an ownerRef");
    }

    @Test
    void validateReportsParseErrorsTheSameWay() throws IOException {
        ri("validate", "mpijob.yaml");
        assertThat(exitCode).isEqualTo(1);
        JsonNode result = output();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.at("/errors/0/line").asInt()).isEqualTo(25);
        assertThat(result.at("/errors/0/column").asInt()).isEqualTo(42);
        assertThat(result.at("/errors/0/message").asText()).startsWith("mpijob.yaml:25:42: invalid YAML");
        assertThat(result.at("/errors/0/path").isMissingNode()).isTrue();

        write("typo.yaml", "spec:\n  structureDefinition:\n    rootComponent: {name: r, scaleDefinition: {replicaPath: x}}\n");
        ri("validate", "typo.yaml");
        assertThat(output().at("/errors/0/path").asText())
                .isEqualTo("spec.structureDefinition.rootComponent.scaleDefinition.replicaPath");
    }

    @Test
    void statusOfAnObject() throws IOException {
        write("job.json", """
                {"status": {"conditions": [
                  {"type": "Created", "status": "True", "reason": "PyTorchJobCreated", "message": "created"},
                  {"type": "Succeeded", "status": "True", "reason": "PyTorchJobSucceeded"}]}}
                """);
        ri("status", "pytorch.yaml", "job.json");
        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(JSON.readTree("""
                {"state": "Completed", "matchedStatuses": ["Completed", "Initializing"], "phase": null,
                 "conditions": [
                   {"type": "Created", "status": "True", "reason": "PyTorchJobCreated", "message": "created"},
                   {"type": "Succeeded", "status": "True", "reason": "PyTorchJobSucceeded", "message": null}]}
                """));
    }

    @Test
    void statusOfAYamlObjectWithAPhase() throws IOException {
        write("dgd.yaml", "apiVersion: nvidia.com/v1alpha1\nkind: DynamoGraphDeployment\nstatus:\n  state: successful\n");
        ri("status", "dynamo.yaml", "dgd.yaml");
        assertThat(exitCode).isZero();
        assertThat(output().get("state").asText()).isEqualTo("Running");
        assertThat(output().get("phase").asText()).isEqualTo("successful");
    }

    @Test
    void statusWithEvaluationErrorsExitsOneWithTheErrors() throws IOException {
        write("ri.yaml", """
                structureDefinition:
                  rootComponent:
                    name: r
                    kind: {group: example.com, version: v1, kind: W}
                    statusDefinition:
                      phaseDefinition: {path: .status.phase.name}
                      statusMappings: {running: [{byPhase: Up}]}
                """);
        write("obj.json", "{\"status\": {\"phase\": \"Up\"}}");
        ri("status", "ri.yaml", "obj.json");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().get("state").asText()).isEqualTo("Undefined");
        assertThat(output().at("/errors/0").asText()).contains("phaseDefinition.path").contains("Cannot index string");
    }

    @Test
    void statusEvaluatesAnInvalidRiAsGivenAndWarnsOnStderr() throws IOException {
        write("ri.yaml", """
                structureDefinition:
                  rootComponent:
                    name: r
                    statusDefinition:
                      phaseDefinition: {path: .status.phase}
                      statusMappings: {running: [{byPhase: Up}]}
                """);
        write("obj.yaml", "status: {phase: Up}\n");
        ri("status", "ri.yaml", "obj.yaml");
        assertThat(exitCode).isZero();
        assertThat(output().get("state").asText()).isEqualTo("Running");
        assertThat(stderr).contains("not valid").contains("spec.structureDefinition.rootComponent.kind");
    }

    @Test
    void statusEvaluatesPerExpressionAndReportsTheOneThatDoesNotCompile() throws IOException {
        write("ri.yaml", """
                structureDefinition:
                  rootComponent:
                    name: r
                    kind: {group: example.com, version: v1, kind: W}
                    statusDefinition:
                      phaseDefinition: {path: .status.phase}
                      statusMappings:
                        running: [{byPhase: Up}]
                        failed: [{byExpression: {expression: "..|.broken", expectedResult: "true"}}]
                """);
        write("obj.yaml", "status: {phase: Up}\n");
        ri("status", "ri.yaml", "obj.yaml");
        assertThat(exitCode).isEqualTo(1); // the result has errors
        assertThat(output().get("state").asText()).isEqualTo("Running");
        assertThat(output().at("/errors/0").asText())
                .startsWith("spec.structureDefinition.rootComponent.statusDefinition.statusMappings.failed[0].byExpression.expression")
                .contains("recursive descent");
    }

    @Test
    void validateAcceptsWhatTheReferenceAcceptsWithWarnings() throws IOException {
        write("lenient.yaml", """
                structureDefinition:
                  rootComponent:
                    name: r
                    kind: {group: example.com, version: v1, kind: W}
                    specDefinition: {podTemplateSpecPath: ""}
                    scaleDefinition: {replicasPath: ""}
                    statusDefinition:
                      statusMappings: {}
                  childComponents:
                    - name: c
                      ownerRef: r
                      podSelector:
                        componentTypeSelector: {keyPath: .metadata.labels.service-name}
                """);
        ri("validate", "lenient.yaml");
        assertThat(exitCode).isZero();
        JsonNode result = output();
        assertThat(result.get("valid").asBoolean()).isTrue();
        assertThat(result.has("errors")).isFalse();
        assertThat(result.get("warnings")).extracting(w -> w.get("path").asText()).containsExactly(
                "spec.structureDefinition.rootComponent.statusDefinition.statusMappings",
                "spec.structureDefinition.childComponents[0].podSelector.componentTypeSelector.keyPath");
        assertThat(result.at("/warnings/1/message").asText()).contains("function name/0 is not defined in jq");

        write("obj.yaml", "status: {phase: Up}\n");
        ri("status", "lenient.yaml", "obj.yaml");
        assertThat(exitCode).isZero();
        assertThat(output().get("state").asText()).isEqualTo("Undefined");
        assertThat(stderr).contains("warning: spec.structureDefinition.rootComponent.statusDefinition.statusMappings");
    }

    @Test
    void badObjectFilesAreReportedInJson() throws IOException {
        ri("status", "pytorch.yaml", "missing.json");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().at("/errors/0/message").asText()).isEqualTo("missing.json: no such file");

        write("broken.json", "{\"status\": ");
        ri("status", "pytorch.yaml", "broken.json");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().at("/errors/0/message").asText()).startsWith("broken.json:1:").contains("invalid JSON");

        ri("status", "mpijob.yaml", "broken.json");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().at("/errors/0/line").asInt()).isEqualTo(25);
    }

    @Test
    void usageErrorsExitTwoWithTheUsageOnStderr() {
        ri();
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("no command given").contains("usage: ri").contains("ri status RI_FILE OBJECT_FILE");
        assertThat(stdout).isEmpty();

        ri("frobnicate");
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("unknown command \"frobnicate\"");

        ri("validate");
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("validate takes exactly one argument");

        ri("status", "pytorch.yaml");
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("status takes two arguments");
    }

    @Test
    void helpGoesToStdout() {
        ri("help");
        assertThat(exitCode).isZero();
        assertThat(stdout).contains("ri validate RI_FILE").contains("ri status RI_FILE OBJECT_FILE").contains("Exit codes");
        ri("--help");
        assertThat(exitCode).isZero();
    }

    @Test
    void absolutePathsWorkFromAnyDirectory() throws IOException {
        Path ri = dir.resolve("pytorch.yaml").toAbsolutePath();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RiCli.run(new String[] {"validate", ri.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Path.of("/"));
        assertThat(code).isZero();
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("valid").asBoolean()).isTrue();
    }
}
