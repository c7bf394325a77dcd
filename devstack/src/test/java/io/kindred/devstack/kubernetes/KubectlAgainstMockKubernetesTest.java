package io.kindred.devstack.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.kindred.devstack.junit.MockKubernetesExtension;

/**
 * The real kubectl against the mock API server: version, api-resources, apply of a CRD and of objects (built-in
 * and custom, created then changed; server-side apply), get, patch of the status subresource, delete. Skipped where kubectl is not
 * installed.
 */
class KubectlAgainstMockKubernetesTest {

    @RegisterExtension
    static final MockKubernetesExtension API = new MockKubernetesExtension();
    @TempDir
    static Path directory;

    @BeforeAll
    static void requireKubectl() {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        API.server().writeKubeconfig(directory.resolve("kubeconfig"));
    }

    @Test
    void versionAndApiResources() throws Exception {
        assertThat(kubectl("version", "-o", "json")).contains("\"gitVersion\": \"v1.32.0+kindred-devstack\"");
        String resources = kubectl("api-resources", "-o", "name");
        assertThat(resources.lines()).contains("pods", "services", "namespaces", "events", "configmaps",
                "deployments.apps", "statefulsets.apps", "jobs.batch", "cronjobs.batch",
                "customresourcedefinitions.apiextensions.k8s.io");
    }

    @Test
    void applyGetPatchStatusAndDeleteACustomResource() throws Exception {
        Path crd = write("crd.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: trainers.kubectl.kindred.io}
                spec:
                  group: kubectl.kindred.io
                  scope: Namespaced
                  names: {plural: trainers, singular: trainer, kind: Trainer, shortNames: [tr]}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    schema:
                      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """);
        assertThat(kubectl("apply", "-f", crd.toString())).contains("created");
        assertThat(kubectl("wait", "--for=condition=Established", "crd/trainers.kubectl.kindred.io",
                "--timeout=10s")).contains("condition met");
        assertThat(kubectl("api-resources", "--api-group=kubectl.kindred.io", "-o", "name")).contains("trainers");

        Path trainer = write("trainer.yaml", trainer(2));
        assertThat(kubectl("apply", "-f", trainer.toString())).contains("trainer.kubectl.kindred.io/t1 created");
        assertThat(kubectl("get", "tr", "-o", "name")).isEqualTo("trainer.kubectl.kindred.io/t1");
        assertThat(kubectl("patch", "trainer", "t1", "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"phase\":\"Running\"}}")).contains("patched");
        Files.writeString(trainer, trainer(3));
        assertThat(kubectl("apply", "-f", trainer.toString())).contains("configured");
        assertThat(kubectl("get", "trainer", "t1", "-o", "jsonpath={.spec.replicas} {.status.phase}"))
                .isEqualTo("3 Running");
        assertThat(kubectl("delete", "-f", trainer.toString())).contains("deleted");
        assertThat(kubectl("get", "trainers", "-o", "name")).isEmpty();
    }

    @Test
    void applyChangesAndPatchesABuiltInKind() throws Exception {
        Path deployment = write("deployment.yaml", deployment(1, "nginx:1", true));
        assertThat(kubectl("apply", "-f", deployment.toString())).contains("deployment.apps/web created");
        Files.writeString(deployment, deployment(3, "nginx:2", true));
        assertThat(kubectl("apply", "-f", deployment.toString())).contains("configured");
        assertThat(kubectl("get", "deploy", "web", "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[*].name} {.spec.template.spec.containers[*].image}"))
                .isEqualTo("3 web side nginx:2 busybox");
        Files.writeString(deployment, deployment(3, "nginx:2", false));
        kubectl("apply", "-f", deployment.toString());
        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].name}"))
                .isEqualTo("web");
        // kubectl patch defaults to a strategic merge patch
        assertThat(kubectl("patch", "deployment", "web", "--subresource=status",
                "-p", "{\"status\":{\"readyReplicas\":3}}")).contains("patched");
        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.status.readyReplicas}")).isEqualTo("3");
        assertThat(kubectl("delete", "deployment", "web")).contains("deleted");
    }

    @Test
    void serverSideApplyCreatesThenUpdatesAndRemovesADroppedKey() throws Exception {
        Path config = write("ssa.yaml", configMap("a: \"1\"\n  b: \"2\""));
        assertThat(kubectl("apply", "--server-side", "-f", config.toString())).contains("serverside-applied");
        Files.writeString(config, configMap("a: \"3\""));
        assertThat(kubectl("apply", "--server-side", "-f", config.toString())).contains("serverside-applied");
        assertThat(kubectl("get", "configmap", "ssa", "-o", "jsonpath={.data} {.metadata.managedFields[*].manager}"))
                .isEqualTo("{\"a\":\"3\"} kubectl");
        assertThat(kubectl("delete", "configmap", "ssa")).contains("deleted");
    }

    private static String configMap(String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ssa}
                data:
                  %s
                """.formatted(data);
    }

    private static String trainer(int replicas) {
        return """
                apiVersion: kubectl.kindred.io/v1
                kind: Trainer
                metadata: {name: t1}
                spec: {replicas: %d}
                """.formatted(replicas);
    }

    private static String deployment(int replicas, String image, boolean sidecar) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: web, image: "%s", ports: [{containerPort: 80}]}
                %s""".formatted(replicas, image, sidecar ? "      - {name: side, image: busybox}\n" : "");
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }

    /** Runs kubectl with this server's kubeconfig and a cache of its own; fails on a non-zero exit. */
    private static String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--cache-dir", directory.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", directory.resolve("kubeconfig").toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), text).isZero();
        return text;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
