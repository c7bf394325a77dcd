package io.kindred.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kindred.devstack.DevstackEnvironment;

/**
 * "Kafka down, then back": the broker goes away (its port refuses connections), comes back on the same port, and still
 * has the records written before the outage. Runs on a broker of its own so the shared one is never disturbed.
 */
class EmbeddedKafkaRestartTest {

    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"random", "fixed"})
    void brokerRestartsOnTheSamePortWithItsData(String portKind) throws Exception {
        int requestedPort = portKind.equals("fixed") ? freePort() : 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(requestedPort)) {
            String topic = "restart-" + portKind;
            kafka.createCompactedTopic(topic);
            int port = kafka.boundPort();
            if (requestedPort != 0) {
                assertThat(port).isEqualTo(requestedPort);
                assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + requestedPort);
            }
            produce(kafka.bootstrapServers(), topic, "before", "written before the outage");

            kafka.stopBroker();
            assertThat(DevstackEnvironment.reachable("localhost", port)).as("broker port while stopped").isFalse();
            kafka.stopBroker(); // idempotent

            kafka.startBroker();
            assertThat(kafka.boundPort()).isEqualTo(port);
            produce(kafka.bootstrapServers(), topic, "after", "written after the outage");

            assertThat(consumeAll(kafka.bootstrapServers(), topic, 2))
                    .containsExactly("before=written before the outage", "after=written after the outage");
        }
    }

    private static void produce(String bootstrapServers, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<String> consumeAll(String bootstrapServers, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
        }
        return records;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
