package io.kindred.kafka;

import java.util.Map;
import java.util.UUID;

import io.kindred.devstack.Devstack;

/** The devstack's shared Kafka and schema registry, and client factories pointing at them. */
final class TestKafka {

    private TestKafka() {
    }

    static KafkaClients clients() {
        return new KafkaClients(Map.of("bootstrap.servers", Devstack.kafka().bootstrapServers()),
                Devstack.schemaRegistry().apiUrl(), "kafka-events-test");
    }

    /** A topic name no other test uses, so tests never see each other's records. */
    static String uniqueTopic(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }
}
