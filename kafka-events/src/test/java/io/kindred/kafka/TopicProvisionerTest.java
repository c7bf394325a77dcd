package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Against the devstack's Kafka (embedded KRaft broker unless a real one is configured). */
class TopicProvisionerTest {

    private final KafkaClients clients = TestKafka.clients();

    @Test
    void createsMissingTopicsCompactedWhereTheContractSaysSo() throws Exception {
        String table = TestKafka.uniqueTopic("table");
        String stream = TestKafka.uniqueTopic("stream");

        List<String> missing = new TopicProvisioner(clients, true, 2, (short) -1)
                .ensure(List.of(TopicSpec.compacted(table), new TopicSpec(stream, false)));

        assertThat(missing).isEmpty();
        try (Admin admin = clients.admin("test", Map.of())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(table, stream)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics.get(table).partitions()).hasSize(2);
            assertThat(topics.get(stream).partitions()).hasSize(2);
            assertThat(cleanupPolicy(admin, table)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(cleanupPolicy(admin, stream)).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }

    @Test
    void existingTopicsAreLeftAsTheyAre() {
        String topic = TestKafka.uniqueTopic("existing");
        TopicProvisioner provisioner = new TopicProvisioner(clients, true, 1, (short) -1, Duration.ofSeconds(10));
        provisioner.ensure(List.of(TopicSpec.compacted(topic)));

        assertThat(provisioner.ensure(List.of(TopicSpec.compacted(topic)))).isEmpty();
    }

    @Test
    void withoutCreationOnlyReportsWhatIsMissing() {
        String present = TestKafka.uniqueTopic("present");
        String absent = TestKafka.uniqueTopic("absent");
        new TopicProvisioner(clients, true, 1, (short) -1).ensure(List.of(TopicSpec.compacted(present)));

        List<String> missing = new TopicProvisioner(clients, false, 1, (short) -1)
                .ensure(List.of(TopicSpec.compacted(present), TopicSpec.compacted(absent)));

        assertThat(missing).containsExactly(absent);
        assertThat(new TopicProvisioner(clients, false, 1, (short) -1).ensure(List.of(TopicSpec.compacted(absent))))
                .as("still not created").containsExactly(absent);
    }

    @Test
    void aTopicTheBrokerRefusesIsAClearError() {
        String topic = TestKafka.uniqueTopic("too-replicated");

        assertThatThrownBy(() -> new TopicProvisioner(clients, true, 1, (short) 50).ensure(List.of(TopicSpec.compacted(topic))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot check or create Kafka topics")
                .hasMessageContaining(topic);
    }

    @Test
    void anUnreachableBrokerFailsWithinTheBound() {
        KafkaClients nowhere = new KafkaClients(Map.of("bootstrap.servers", "localhost:" + ClosedPort.find()),
                "http://localhost:1/apis/registry/v3", "kafka-events-test");

        assertThatThrownBy(() -> new TopicProvisioner(nowhere, true, 1, (short) -1, Duration.ofSeconds(1))
                .ensure(List.of(TopicSpec.compacted("anything"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot check or create Kafka topics");
    }

    @Test
    void aTopicNeedsANameAndAPartition() {
        assertThatThrownBy(() -> TopicSpec.compacted(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicProvisioner(clients, true, 0, (short) -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
