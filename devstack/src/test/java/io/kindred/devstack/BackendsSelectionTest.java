package io.kindred.devstack;

import io.kindred.devstack.backend.BackendSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.kubernetes.KubernetesBackend;
import io.kindred.devstack.kubernetes.Kubeconfigs;
import io.kindred.devstack.kubernetes.MockKubernetes;
import io.kindred.devstack.postgres.PostgresBackend;
import io.kindred.devstack.registry.SchemaRegistryBackend;

/**
 * An environment variable naming a live endpoint wins; one naming nothing reachable falls through to a backend
 * started here; a malformed one is an error naming the variable. (The shared backends stand in for "existing" ones.)
 */
class BackendsSelectionTest {

    private static final String NO_DOCKER = DevstackEnvironment.DOCKER_SWITCH;

    @Test
    void liveEndpointsFromTheEnvironmentAreUsedAsTheyAre() throws Exception {
        KafkaBackend kafka = Devstack.kafka();
        PostgresBackend postgres = Devstack.postgres();
        SchemaRegistryBackend registry = Devstack.schemaRegistry();
        DevstackEnvironment environment = new DevstackEnvironment(Map.of(
                DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DevstackEnvironment.PG_URL, postgres.jdbcUrl(),
                DevstackEnvironment.APICURIO_REGISTRY_URL, registry.apiUrl() + "/",
                NO_DOCKER, "false"), true);

        KafkaBackend externalKafka = Backends.kafka(environment, 0);
        PostgresBackend externalPostgres = Backends.postgres(environment, 0);
        SchemaRegistryBackend externalRegistry = Backends.schemaRegistry(environment, 0);

        assertThat(externalKafka.source()).isEqualTo(BackendSource.EXTERNAL);
        assertThat(externalKafka.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        assertThat(externalKafka.supportsBrokerRestart()).isFalse();
        assertThatThrownBy(externalKafka::stopBroker).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not started by the devstack");
        assertThat(externalPostgres.source()).isEqualTo(BackendSource.EXTERNAL);
        try (Connection connection = externalPostgres.connect()) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(externalRegistry.source()).isEqualTo(BackendSource.EXTERNAL);
        assertThat(externalRegistry.apiUrl()).isEqualTo(registry.apiUrl());
    }

    @Test
    void aKubeconfigFromTheEnvironmentIsUsedWithItsCredentials(@TempDir Path directory) {
        try (MockKubernetes cluster = MockKubernetes.start(0)) {
            Path kubeconfig = Kubeconfigs.write(directory.resolve("config"), cluster.apiServerUrl(), "team-a");
            DevstackEnvironment environment = new DevstackEnvironment(Map.of(
                    DevstackEnvironment.KUBECONFIG, directory.resolve("missing") + java.io.File.pathSeparator
                            + kubeconfig), true);

            try (KubernetesBackend external = Backends.kubernetes(environment, 0)) {
                assertThat(external.source()).isEqualTo(BackendSource.EXTERNAL);
                assertThat(external.apiServerUrl()).isEqualTo(cluster.apiServerUrl());
                assertThat(external.namespace()).isEqualTo("team-a");
                assertThat(external.quarkusConfig()).doesNotContainKey("quarkus.kubernetes-client.trust-certs")
                        .containsEntry("quarkus.kubernetes-client.namespace", "team-a");
                assertThat(external.client().namespaces().withName("default").get()).isNotNull();
            }
        }
    }

    @Test
    void unreachableEndpointsFallThroughToBackendsStartedHere(@TempDir Path directory) {
        DevstackEnvironment environment = new DevstackEnvironment(Map.of(
                DevstackEnvironment.APICURIO_REGISTRY_URL, "http://localhost:1/apis/registry/v3",
                DevstackEnvironment.KUBECONFIG, directory.resolve("no-such-kubeconfig").toString(),
                NO_DOCKER, "false"), true);

        try (SchemaRegistryBackend registry = Backends.schemaRegistry(environment, 0);
                KubernetesBackend kubernetes = Backends.kubernetes(environment, 0)) {
            assertThat(registry.source()).isEqualTo(BackendSource.EMBEDDED);
            assertThat(registry.apiUrl()).doesNotContain("localhost:1/");
            assertThat(kubernetes.source()).isEqualTo(BackendSource.EMBEDDED);
        }
    }

    @Test
    void ignoringTheEnvironmentStartsEverythingHere() {
        DevstackEnvironment environment = new DevstackEnvironment(Map.of(
                DevstackEnvironment.APICURIO_REGISTRY_URL, Devstack.schemaRegistry().apiUrl(),
                NO_DOCKER, "false"), true).ignoringEndpoints();

        try (SchemaRegistryBackend registry = Backends.schemaRegistry(environment, 0)) {
            assertThat(registry.source()).isEqualTo(BackendSource.EMBEDDED);
        }
    }

    @Test
    void malformedEndpointsAreErrorsNamingTheVariable() {
        assertThatThrownBy(() -> Backends.kafka(new DevstackEnvironment(
                Map.of(DevstackEnvironment.KAFKA_BOOTSTRAP_SERVERS, "just-a-host"), true), 0))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS").hasMessageContaining("just-a-host");
        assertThatThrownBy(() -> Backends.schemaRegistry(new DevstackEnvironment(
                Map.of(DevstackEnvironment.APICURIO_REGISTRY_URL, "localhost:8085"), true), 0))
                .hasMessageContaining("APICURIO_REGISTRY_URL");
        assertThatThrownBy(() -> Backends.postgres(new DevstackEnvironment(
                Map.of(DevstackEnvironment.PG_URL, "jdbc:mysql://localhost/x"), true), 0))
                .hasMessageContaining("KINDRED_PG_URL");
    }
}
