package io.kindred.ri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindred.ri.KartaExamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ri structure | pod | podgroups | scale}, run in-process. */
class GangCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private int exitCode;
    private String stdout;
    private String stderr;

    @BeforeEach
    void copyInputs() throws IOException {
        for (String name : new String[] {"pytorch", "dynamo", "jobset", "raycluster", "rayjob"}) {
            Files.writeString(dir.resolve(name + ".yaml"), KartaExamples.text(name));
        }
        for (String name : new String[] {"pytorchjob", "pytorch-pod-master", "pytorch-pod-worker", "dynamographdeployment",
                "dynamo-pod-worker", "jobset", "raycluster"}) {
            try (InputStream in = GangCommandsTest.class.getResourceAsStream("/workloads/" + name + ".yaml")) {
                Files.write(dir.resolve("obj-" + name + ".yaml"), in.readAllBytes());
            }
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

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void structurePrintsComponentsInstancesAndWhatWasRead() throws IOException {
        ri("structure", "dynamo.yaml", "obj-dynamographdeployment.yaml");

        assertThat(exitCode).isZero();
        JsonNode result = output();
        assertThat(result.get("components").fieldNames()).toIterable().containsExactly("dynamographdeployment", "service");
        assertThat(result.at("/components/dynamographdeployment")).isEqualTo(json("{\"instanceIds\":[\"\"],\"instances\":{\"\":{}}}"));
        JsonNode service = result.at("/components/service");
        assertThat(service.get("instanceIds")).isEqualTo(json("[\"Frontend\",\"VllmWorker\"]"));
        assertThat(service.at("/instances/VllmWorker/scale")).isEqualTo(json("{\"replicas\":4,\"minReplicas\":1,\"maxReplicas\":4}"));
        assertThat(service.at("/instances/Frontend/scale")).isEqualTo(json("{\"replicas\":1}"));
        assertThat(service.at("/instances/Frontend/fragmentedPodSpec/labels")).isEqualTo(json("{\"tier\":\"edge\"}"));
        assertThat(service.at("/instances/Frontend").has("podTemplateSpec")).isFalse();
        assertThat(result.has("errors")).isFalse();

        ri("structure", "pytorch.yaml", "obj-pytorchjob.yaml");
        assertThat(output().at("/components/worker/instances//podTemplateSpec/spec/containers/0/name").asText()).isEqualTo("pytorch");
    }

    @Test
    void structureWithErrorsExitsOneWithTheErrorsInTheBody() throws IOException {
        // the reference RayJob RI reads its worker ids from a path a RayJob does not have
        Files.writeString(dir.resolve("rayjob-object.yaml"), """
                apiVersion: ray.io/v1
                kind: RayJob
                spec:
                  rayClusterSpec:
                    workerGroupSpecs: [{groupName: small, replicas: 1}]
                """);
        ri("structure", "rayjob.yaml", "rayjob-object.yaml");

        assertThat(exitCode).isEqualTo(1);
        JsonNode result = output();
        assertThat(result.at("/errors/0").asText()).startsWith("spec.structureDefinition.childComponents[1].instanceIdPath:");
        assertThat(result.at("/components").has("head")).isTrue();
        assertThat(result.at("/components").has("worker")).isFalse();
    }

    @Test
    void podPrintsWhereThePodBelongs() throws IOException {
        ri("pod", "pytorch.yaml", "obj-pytorchjob.yaml", "obj-pytorch-pod-worker.yaml");

        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(json("""
                {"component":"worker","instanceId":null,"replicaKey":null,"podGroup":"job","groupKeys":["mnist"],"minMember":3}
                """));

        ri("pod", "dynamo.yaml", "obj-dynamographdeployment.yaml", "obj-dynamo-pod-worker.yaml");
        assertThat(output()).isEqualTo(json("""
                {"component":"service","instanceId":"VllmWorker","replicaKey":null,"podGroup":"service",
                 "groupKeys":["VllmWorker"],"minMember":1}
                """));
    }

    @Test
    void podWithAnExplicitComponent() throws IOException {
        ri("pod", "pytorch.yaml", "obj-pytorchjob.yaml", "obj-pytorch-pod-worker.yaml", "--component", "master");
        assertThat(exitCode).isZero();
        assertThat(output().get("component").asText()).isEqualTo("master");
        assertThat(output().get("minMember").asInt()).isEqualTo(1);

        ri("pod", "--component=worker", "pytorch.yaml", "obj-pytorchjob.yaml", "obj-pytorch-pod-master.yaml");
        assertThat(output().get("component").asText()).isEqualTo("worker");
    }

    @Test
    void podThatMatchesNoComponentExitsOne() throws IOException {
        Files.writeString(dir.resolve("stray.yaml"), "metadata: {name: stray, labels: {app: x}}");
        ri("pod", "pytorch.yaml", "obj-pytorchjob.yaml", "stray.yaml");

        assertThat(exitCode).isEqualTo(1);
        assertThat(output()).isEqualTo(json("""
                {"component":null,"instanceId":null,"replicaKey":null,"podGroup":null,"groupKeys":null,"minMember":null,
                 "errors":["the pod matches no component: none of the componentTypeSelectors of [\\"master\\", \\"worker\\"] matches it"]}
                """));
    }

    @Test
    void podgroupsListsTheGroupsBeforeAnyPodExists() throws IOException {
        ri("podgroups", "pytorch.yaml", "obj-pytorchjob.yaml");
        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(json("{\"podGroups\":[{\"name\":\"job\",\"minMember\":4,\"members\":[\"master\",\"worker\"]}]}"));

        ri("podgroups", "jobset.yaml", "obj-jobset.yaml");
        assertThat(output()).isEqualTo(json("""
                {"podGroups":[
                  {"name":"job-driver","minMember":1,"members":["replicatedjob"],"instanceId":"driver"},
                  {"name":"job-workers","minMember":3,"members":["replicatedjob"],"instanceId":"workers"}]}
                """));
    }

    @Test
    void scalePrintsTheSubtreeScale() throws IOException {
        ri("scale", "raycluster.yaml", "obj-raycluster.yaml", "raycluster");
        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(json("{\"scale\":5}"));

        ri("scale", "raycluster.yaml", "obj-raycluster.yaml", "worker", "small-group");
        assertThat(output()).isEqualTo(json("{\"scale\":1}"));
    }

    @Test
    void scaleErrorsExitOneWithAJsonBody() throws IOException {
        ri("scale", "raycluster.yaml", "obj-raycluster.yaml", "worker", "");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output()).isEqualTo(json("""
                {"errors":[{"message":"component 'worker': the instance id is empty; give no instance id for the whole component, or one of its instance ids"}]}
                """));

        ri("scale", "raycluster.yaml", "obj-raycluster.yaml", "worker", "huge-group");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().at("/errors/0/message").asText())
                .isEqualTo("component 'worker' has no instance \"huge-group\"; its instances are [\"small-group\", \"gpu-group\"]");
    }

    @Test
    void evaluationErrorsCarryThePathOfTheField() throws IOException {
        Files.writeString(dir.resolve("bad-scale.yaml"), """
                spec:
                  pytorchReplicaSpecs:
                    Master: {replicas: one}
                """);
        ri("podgroups", "pytorch.yaml", "bad-scale.yaml");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output().at("/errors/0/path").asText())
                .isEqualTo("spec.structureDefinition.childComponents[0].scaleDefinition.replicasPath");
        assertThat(output().at("/errors/0/message").asText()).startsWith("component 'master': value #1 is a string one");
    }

    @Test
    void invalidRisAreEvaluatedAsGivenWithTheProblemsOnStderr() throws IOException {
        // a child without ownerRef fails validation but can still be evaluated
        Files.writeString(dir.resolve("loose.yaml"), """
                spec:
                  structureDefinition:
                    rootComponent:
                      name: app
                      kind: {group: example.com, version: v1, kind: App}
                      statusDefinition: {statusMappings: {}}
                      scaleDefinition: {replicasPath: .spec.replicas}
                    childComponents:
                      - name: orphan
                """);
        Files.writeString(dir.resolve("app.yaml"), "spec: {replicas: 3}");
        ri("scale", "loose.yaml", "app.yaml", "app");

        assertThat(exitCode).isZero();
        assertThat(output()).isEqualTo(json("{\"scale\":3}"));
        assertThat(stderr).contains("warning: the RI is not valid; evaluating it as given")
                .contains("spec.structureDefinition.childComponents[0].ownerRef");
    }

    @Test
    void wrongUsageExitsTwo() {
        ri("scale", "raycluster.yaml", "obj-raycluster.yaml");
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("scale takes the RI file, the object file, a component name and optionally an instance id");
        ri("pod", "pytorch.yaml", "obj-pytorchjob.yaml", "obj-pytorch-pod-worker.yaml", "--component");
        assertThat(exitCode).isEqualTo(2);
        ri("pod", "pytorch.yaml", "obj-pytorchjob.yaml", "obj-pytorch-pod-worker.yaml", "--verbose");
        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr).contains("unknown option --verbose");
        ri("structure", "pytorch.yaml");
        assertThat(exitCode).isEqualTo(2);
        ri("podgroups", "pytorch.yaml", "a", "b");
        assertThat(exitCode).isEqualTo(2);
    }

    @Test
    void usageListsTheCommands() {
        ri("help");
        assertThat(stdout).contains("ri structure RI_FILE OBJECT_FILE", "ri pod RI_FILE OBJECT_FILE POD_FILE [--component NAME]",
                "ri podgroups RI_FILE OBJECT_FILE", "ri scale RI_FILE OBJECT_FILE COMPONENT [INSTANCE_ID]");
    }
}
