package io.kindred.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml: what the Compose tool says of it (`config` validates it against the Compose schema and
 * resolves it, offline and without an engine), and the rules the file promises.
 */
class ComposeFileTest {

    private static final Set<String> INFRASTRUCTURE_WITH_DATA = Set.of("kafka", "postgres");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheFile() {
        // SnakeYAML resolves the file's anchors and merge keys (<<) as Compose does
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        compose = yaml.load(Repository.read(Repository.file("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theComposeToolAcceptsTheFile() {
        List<String> tool;
        if (ExternalTool.onPath("docker").isPresent()
                && ExternalTool.run(List.of("docker", "compose", "version"), Map.of()).exitCode() == 0) {
            tool = List.of("docker", "compose");
        } else if (ExternalTool.onPath("docker-compose").isPresent()) {
            tool = List.of("docker-compose");
        } else {
            ExternalTool.missing("Docker Compose (`docker compose` or `docker-compose`)",
                    "Install Debian's docker-compose (apt-get install docker-compose) or the Docker Compose plugin");
            return;
        }
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of("--file", "docker-compose.yml", "config", "--quiet"));
        // the one variable the file requires; a value only for the check
        ExternalTool.Result result = ExternalTool.run(command, Map.of("KINDRED_ADMIN_CLIENT_SECRET", "compose-config-check"));
        assertThat(result.exitCode()).as(String.join(" ", command) + " says:\n" + result.output()).isZero();
    }

    @Test
    void publishedPortsAreBoundToTheLoopbackInterfaceOnly() {
        List<String> open = new ArrayList<>();
        services.forEach((name, service) -> list(service.get("ports")).forEach(port -> {
            if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                open.add(name + ": " + port);
            }
        }));
        assertThat(open).as("ports published on every interface").isEmpty();
    }

    @Test
    void dependenciesExistAndWaitForHealthOrCompletion() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> map(service.get("depends_on")).forEach((dependency, spec) -> {
            Map<String, Object> target = services.get(dependency);
            String condition = String.valueOf(map(spec).get("condition"));
            if (target == null) {
                problems.add(name + " depends on unknown service " + dependency);
            } else if (condition.equals("service_healthy") && target.get("healthcheck") == null) {
                problems.add(name + " waits for " + dependency + " to be healthy, which has no healthcheck");
            } else if (condition.equals("service_completed_successfully") && !"no".equals(target.get("restart"))) {
                problems.add(name + " waits for " + dependency + " to complete, which restarts");
            } else if (!condition.equals("service_healthy") && !condition.equals("service_completed_successfully")) {
                problems.add(name + " starts without waiting for " + dependency + " to be ready (" + condition + ")");
            }
        }));
        services.forEach((name, service) -> {
            if (!"no".equals(service.get("restart")) && service.get("healthcheck") == null) {
                problems.add(name + ": a long-running service without a healthcheck");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void kafkaAndPostgresqlKeepTheirDataInVolumesAndApicurioKeepsItsSchemasInPostgresql() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        for (String name : INFRASTRUCTURE_WITH_DATA) {
            assertThat(list(services.get(name).get("volumes"))).as(name + ": a named volume declared in the file")
                    .anySatisfy(volume -> assertThat(declared).contains(String.valueOf(volume).split(":")[0]));
        }
        Map<String, Object> apicurio = map(services.get("apicurio").get("environment"));
        assertThat(apicurio).containsEntry("APICURIO_STORAGE_KIND", "sql")
                .containsEntry("APICURIO_STORAGE_SQL_KIND", "postgresql");
        assertThat(String.valueOf(apicurio.get("APICURIO_DATASOURCE_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(map(services.get("apicurio").get("depends_on"))).containsKey("postgres");
        services.forEach((name, service) -> list(service.get("volumes")).forEach(volume -> {
            String source = String.valueOf(volume).split(":")[0];
            if (source.startsWith("./")) {
                assertThat(Files.exists(Repository.file(source))).as(name + ": bind-mounted " + source + " exists").isTrue();
            }
        }));
    }

    @Test
    void theThreeServicesAreBuiltHardenedAndWiredToTheirPorts() {
        for (String name : Repository.SERVICES) {
            Map<String, Object> service = services.get(name);
            assertThat(service).as(name).isNotNull();
            Map<String, Object> build = map(service.get("build"));
            assertThat(Files.isRegularFile(Repository.file(build.get("context") + "/" + build.get("dockerfile"))))
                    .as(name + ": its Dockerfile " + build).isTrue();
            assertThat(service.get("read_only")).as(name + ": read_only").isEqualTo(true);
            assertThat(list(service.get("cap_drop"))).as(name + ": cap_drop").contains("ALL");
            assertThat(list(service.get("security_opt"))).as(name).contains("no-new-privileges:true");
            int port = Repository.httpPort(name);
            assertThat(list(service.get("ports"))).as(name + ": publishes its quarkus.http.port " + port)
                    .contains("127.0.0.1:" + port + ":" + port);
            assertThat(String.join(" ", list(map(service.get("healthcheck")).get("test")).stream().map(String::valueOf).toList()))
                    .as(name + ": healthcheck").contains("localhost:" + port + "/q/health/ready");
            Map<String, Object> env = map(service.get("environment"));
            assertThat(Repository.unknownEnvironment(name, env.keySet()))
                    .as(name + ": environment variables it does not read (neither application.properties nor its README"
                            + " names them)").isEmpty();
            assertThat(env).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            assertThat(String.valueOf(env.get("APICURIO_REGISTRY_URL"))).as(name).startsWith("http://apicurio:8080/apis/registry/v3");
            assertThat(map(map(service.get("depends_on")).get("topics"))).as(name + ": starts after the topics exist")
                    .containsEntry("condition", "service_completed_successfully");
        }
        assertThat(String.valueOf(map(services.get("registry-service").get("environment")).get("KINDRED_ADMIN_CLIENT_SECRET")))
                .as("the admin client secret comes from the environment, required, never a default in the file")
                .startsWith("${KINDRED_ADMIN_CLIENT_SECRET:?");
    }

    @Test
    void theTopicsJobCreatesEveryTopicWithItsContract() {
        String script = String.join("\n", list(services.get("topics").get("command")).stream().map(String::valueOf).toList());
        Pattern create = Pattern.compile("--topic (\\S+)(.*)");
        Set<String> created = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (String line : script.split("\n")) {
            Matcher matcher = create.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            String topic = matcher.group(1);
            created.add(topic);
            boolean compacted = matcher.group(2).contains("cleanup.policy=compact");
            if (compacted != KindredTopics.COMPACTED.contains(topic)) {
                wrong.add(topic + (compacted ? " is compacted but is not a table" : " is a table but not compacted"));
            }
        }
        assertThat(created).as("topics created by the topics job").containsAll(KindredTopics.all());
        assertThat(wrong).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
