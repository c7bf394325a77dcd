package io.kindred.scheduleradapter.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kindred.devstack.Devstack;
import io.kindred.devstack.quarkus.DevstackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The devstack's Quarkus test resources inside a real {@code @QuarkusTest}: the configuration they return reaches the
 * application, every backend answers at that address, and {@link Devstack} in the test hands out the very backends the
 * application was configured with (one JVM-wide instance, whichever class loader asks).
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class DevstackQuarkusTest {

    // Read through ConfigProvider, not @ConfigProperty fields: Quarkus validates injected config of every test class
    // when any application of this module starts, and OperabilityEndpointsTest's runs without these resources.
    private final String kafkaBootstrapServers = config("kafka.bootstrap.servers");
    private final String jdbcUrl = config("quarkus.datasource.jdbc.url");
    private final String reactiveUrl = config("quarkus.datasource.reactive.url");
    private final String username = config("quarkus.datasource.username");
    private final String password = config("quarkus.datasource.password");
    private final String connectorRegistryUrl = config("mp.messaging.connector.smallrye-kafka.apicurio.registry.url");
    private final String registryUrl = config("apicurio.registry.url");
    private final String apiServerUrl = config("quarkus.kubernetes-client.api-server-url");
    private final String namespace = config("quarkus.kubernetes-client.namespace");
    private final boolean trustCerts = Boolean.parseBoolean(config("quarkus.kubernetes-client.trust-certs"));

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    @Test
    void configurationArrivesAndMatchesTheSharedBackends() {
        assertEquals(Devstack.kafka().bootstrapServers(), kafkaBootstrapServers);
        assertEquals(Devstack.postgres().jdbcUrl(), jdbcUrl);
        assertTrue(jdbcUrl.endsWith("/kindred"), jdbcUrl);
        assertEquals(Devstack.postgres().reactiveUrl(), reactiveUrl);
        assertTrue(reactiveUrl.startsWith("postgresql://"), reactiveUrl);
        assertEquals("kindred", username);
        assertFalse(password.isBlank());
        assertEquals(Devstack.schemaRegistry().apiUrl(), registryUrl);
        assertEquals(registryUrl, connectorRegistryUrl);
        assertTrue(registryUrl.endsWith("/apis/registry/v3"), registryUrl);
        assertEquals(Devstack.kubernetes().apiServerUrl(), apiServerUrl);
        assertEquals("default", namespace);
        assertTrue(trustCerts);
    }

    @Test
    void kafkaAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void postgresAnswers() throws Exception {
        // a DataSource, not DriverManager: DriverManager only hands out drivers registered from the caller's class
        // loader, and the devstack registered PostgreSQL's from the JVM's
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection connection = dataSource.getConnection(username, password)) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
        }
    }

    @Test
    void schemaRegistryAnswers() throws Exception {
        HttpResponse<String> info = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/system/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, info.statusCode(), info.body());
    }

    @Test
    void kubernetesAnswers() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServerUrl).withNamespace(namespace)
                .withTrustCerts(trustCerts).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertNotNull(client.namespaces().withName(namespace).get());
        }
    }
}
