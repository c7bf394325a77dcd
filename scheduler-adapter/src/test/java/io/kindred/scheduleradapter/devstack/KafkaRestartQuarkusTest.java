package io.kindred.scheduleradapter.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.kindred.devstack.Devstack;
import io.kindred.devstack.DevstackEnvironment;
import io.kindred.devstack.kafka.KafkaBackend;
import io.kindred.devstack.quarkus.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A second application (different test resources, so Quarkus restarts it in a fresh class loader) still gets the
 * same Kafka as {@link DevstackQuarkusTest}, and a test can take that broker down and bring it back on the address the
 * application was configured with.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.COMPACTED_TOPICS,
        value = "devstack-probe"))
class KafkaRestartQuarkusTest {

    @Test
    void theApplicationsKafkaGoesDownAndComesBack() throws Exception {
        String kafkaBootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        KafkaBackend kafka = Devstack.kafka();
        assertEquals(kafkaBootstrapServers, kafka.bootstrapServers());
        assumeTrue(kafka.supportsBrokerRestart(), "Kafka from KAFKA_BOOTSTRAP_SERVERS cannot be stopped");
        String host = kafkaBootstrapServers.substring(0, kafkaBootstrapServers.lastIndexOf(':'));
        int port = Integer.parseInt(kafkaBootstrapServers.substring(kafkaBootstrapServers.lastIndexOf(':') + 1));

        kafka.stopBroker();
        try {
            assertFalse(DevstackEnvironment.reachable(host, port), "broker port while stopped");
        } finally {
            kafka.startBroker();
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("devstack-probe"));
        }
    }
}
