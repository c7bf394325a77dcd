package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kindred.devstack.Devstack;

class KafkaProbeTest {

    @Test
    void aRunningClusterIsReachableWithItsBrokers() {
        try (KafkaProbe probe = new KafkaProbe(TestKafka.clients(), Duration.ZERO)) {
            KafkaProbe.Result result = probe.check(Duration.ofSeconds(10));

            assertThat(result.reachable()).isTrue();
            assertThat(result.failure()).isNull();
            assertThat(result.nodes()).isNotEmpty();
            String port = Devstack.kafka().bootstrapServers().replaceAll(".*:", "");
            assertThat(result.nodeList()).contains(":" + port);
        }
    }

    @Test
    void aBrokerThatIsDownIsReportedWithTheReasonInsteadOfWaitingForTheClientDefault() {
        KafkaClients nowhere = new KafkaClients(Map.of("bootstrap.servers", "localhost:" + ClosedPort.find()),
                "http://localhost:1/apis/registry/v3", "kafka-events-test");
        try (KafkaProbe probe = new KafkaProbe(nowhere, Duration.ofMinutes(1))) {
            KafkaProbe.Result result = probe.check(Duration.ofMillis(500));

            assertThat(result.reachable()).isFalse();
            assertThat(result.nodes()).isEmpty();
            assertThat(result.failure()).isNotNull();
            assertThat(probe.check(Duration.ofMillis(500))).as("cached for the configured time").isSameAs(result);
        }
    }
}
