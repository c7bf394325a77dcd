package io.kindred.devstack.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.kindred.devstack.Devstack;

/**
 * What the Quarkus test resources hand to Quarkus, checked without Quarkus (scheduler-adapter's DevstackQuarkusTest
 * checks it inside a real @QuarkusTest): the contract's keys, pointing at the shared backends.
 */
class TestResourcesConfigTest {

    @Test
    void eachResourceReturnsItsContractKeys() {
        assertThat(new KafkaTestResource().start())
                .containsOnlyKeys("kafka.bootstrap.servers")
                .containsEntry("kafka.bootstrap.servers", Devstack.kafka().bootstrapServers());
        assertThat(new PostgresTestResource().start()).containsOnlyKeys("quarkus.datasource.reactive.url",
                "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");
        assertThat(new SchemaRegistryTestResource().start()).containsOnlyKeys(
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", "apicurio.registry.url");
        assertThat(new KubernetesTestResource().start()).containsOnlyKeys(
                "quarkus.kubernetes-client.api-server-url", "quarkus.kubernetes-client.trust-certs",
                "quarkus.kubernetes-client.namespace", "quarkus.kubernetes-client.token");
    }

    @Test
    void devstackResourceReturnsTheUnionAndCreatesRequestedTopics() throws Exception {
        DevstackTestResource resource = new DevstackTestResource();
        resource.init(Map.of(KafkaTestResource.COMPACTED_TOPICS, "rt-compacted, rt-compacted-3:3",
                KafkaTestResource.TOPICS, "rt-plain"));

        Map<String, String> config = resource.start();

        assertThat(config).hasSize(11).containsEntry("quarkus.kubernetes-client.namespace", "default");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get("kafka.bootstrap.servers")))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains("rt-compacted", "rt-compacted-3", "rt-plain");
            assertThat(admin.describeTopics(List.of("rt-compacted-3")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("rt-compacted-3").partitions()).hasSize(3);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "rt-compacted");
            Config topicConfig = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(topicConfig.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void kafkaResourceRestartsABrokerAPreviousTestLeftStopped() {
        assumeTrue(Devstack.kafka().supportsBrokerRestart(), "Kafka from KAFKA_BOOTSTRAP_SERVERS cannot be stopped");
        Devstack.kafka().stopBroker();

        Map<String, String> config = new KafkaTestResource().start();

        assertThat(config.get("kafka.bootstrap.servers")).isEqualTo(Devstack.kafka().bootstrapServers());
        Devstack.kafka().createTopic("after-restart-by-resource", 1); // needs a running broker
    }

    @Test
    void malformedTopicArgumentsAreRefused() {
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.TOPICS, "bad:x"));
        assertThatThrownBy(resource::start).hasMessageContaining("topics").hasMessageContaining("bad:x");
    }
}
