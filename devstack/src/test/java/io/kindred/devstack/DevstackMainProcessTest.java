package io.kindred.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * bin/devstack's main class in a child JVM, as a developer runs it: it prints "devstack ready", writes exactly the
 * contract's env file, every endpoint in it answers (the Kubernetes API through the written KUBECONFIG), and SIGTERM
 * leaves no process, port or file behind.
 */
class DevstackMainProcessTest {

    private static final List<String> ENV_KEYS = List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "APICURIO_REGISTRY_URL", "KUBECONFIG", "KINDRED_ADMIN_CLIENT_ID", "KINDRED_ADMIN_CLIENT_SECRET");

    @Test
    void startsWritesTheEnvFileServesEveryEndpointAndCleansUpOnSigterm(@TempDir Path directory) throws Exception {
        Path envFile = directory.resolve("devstack.env");
        Path kubeconfig = directory.resolve("kubeconfig.yaml");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevstackMain.class.getName(),
                "--random-ports", "--ignore-env", "--env-file", envFile.toString(), "--kubeconfig", kubeconfig.toString())
                .redirectErrorStream(true);
        builder.environment().put(DevstackEnvironment.DOCKER_SWITCH, "false");
        Process devstack = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(devstack.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception e) {
                output.add("(output lost: " + e + ")");
            }
        });
        reader.start();
        try {
            awaitLine(output, DevstackMain.READY_LINE, devstack);

            Map<String, String> env = readEnvFile(envFile);
            assertThat(env.keySet()).containsExactlyElementsOf(ENV_KEYS);
            assertThat(env.get("KUBECONFIG")).isEqualTo(kubeconfig.toString());
            assertThat(env.get("KINDRED_ADMIN_CLIENT_ID")).isEqualTo("kindred-admin");
            assertThat(env.get("KINDRED_ADMIN_CLIENT_SECRET")).hasSizeGreaterThanOrEqualTo(24);

            List<Integer> ports = new ArrayList<>();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    env.get("KAFKA_BOOTSTRAP_SERVERS")))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .contains("workload-types", "workload-status", "scheduling-directives");
            }
            ports.add(port(env.get("KAFKA_BOOTSTRAP_SERVERS")));
            try (Connection connection = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                    env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"))) {
                assertThat(connection.isValid(5)).isTrue();
            }
            int postgresPort = URI.create(env.get("QUARKUS_DATASOURCE_REACTIVE_URL")).getPort();
            ports.add(postgresPort);
            HttpResponse<String> info = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(env.get("APICURIO_REGISTRY_URL") + "/system/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            ports.add(URI.create(env.get("APICURIO_REGISTRY_URL")).getPort());
            Config config = Config.fromKubeconfig(Path.of(env.get("KUBECONFIG")).toFile());
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.namespaces().withName("default").get()).isNotNull();
            }
            ports.add(URI.create(config.getMasterUrl()).getPort());
            List<ProcessHandle> postgresProcesses = postgresServing(postgresPort);
            assertThat(postgresProcesses).as("postgres processes on port %d", postgresPort).isNotEmpty();

            devstack.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(devstack.waitFor(60, TimeUnit.SECONDS)).as("devstack exits after SIGTERM").isTrue();

            for (ProcessHandle postgres : postgresProcesses) {
                assertThat(postgres.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            for (int port : ports) {
                assertThat(DevstackEnvironment.reachable("localhost", port)).as("port %d after SIGTERM", port)
                        .isFalse();
            }
            assertThat(envFile).doesNotExist();
            assertThat(kubeconfig).doesNotExist();
            reader.join(5_000);
            assertThat(output).contains("devstack: stopped");
        } finally {
            if (devstack.isAlive()) { // a failed assertion: still stop it gracefully, PostgreSQL runs detached
                devstack.toHandle().destroy();
                devstack.waitFor(60, TimeUnit.SECONDS);
            }
            devstack.destroyForcibly();
        }
    }

    @Test
    void parsesItsOptions() {
        DevstackMain.Options options = DevstackMain.parse(new String[] {"--random-ports", "--env-file", "x/y.env"});
        assertThat(options.randomPorts()).isTrue();
        assertThat(options.ignoreEnvironment()).isFalse();
        assertThat(options.envFile()).isEqualTo(Path.of("x/y.env").toAbsolutePath());
        assertThat(options.kubeconfig().getFileName()).hasToString("devstack-kubeconfig.yaml");
        assertThat(DevstackMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> DevstackMain.parse(new String[] {"--env-file"})).hasMessageContaining("needs a path");
        assertThatThrownBy(() -> DevstackMain.parse(new String[] {"--frobnicate"}))
                .hasMessageContaining("--frobnicate");
    }

    private static void awaitLine(List<String> output, String line, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!output.contains(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("devstack did not print '" + line + "'"
                        + (process.isAlive() ? " within 120 s" : " (exited " + process.exitValue() + ")")
                        + "; output:\n" + String.join("\n", output));
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> readEnvFile(Path file) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            String value = line.substring(equals + 1);
            if (value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1).replace("'\\''", "'");
            }
            env.put(line.substring(0, equals), value);
        }
        return env;
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** The postmaster (and its workers) listening on the port: pg_ctl detaches them, so they are not our children. */
    private static List<ProcessHandle> postgresServing(int port) {
        return ProcessHandle.allProcesses()
                .filter(process -> commandLine(process).contains("postgres")
                        && commandLine(process).contains("-p " + port))
                .toList();
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return String.join(" ", Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))
                    .split("\0"));
        } catch (Exception e) {
            return process.info().commandLine().orElse("");
        }
    }
}
