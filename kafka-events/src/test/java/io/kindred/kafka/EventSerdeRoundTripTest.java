package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.kindred.devstack.Devstack;
import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;

/**
 * Events through the devstack's Kafka and schema registry with the clients of {@link KafkaClients}: the event producer
 * registers the schema, a group-less consumer reads the compacted topic as a table up to the end offsets taken at
 * its start, and the datum provider works both as a class and from pure configuration (its name as a string).
 */
class EventSerdeRoundTripTest {

    private final KafkaClients clients = TestKafka.clients();

    @Test
    void aCompactedTopicIsReadFromTheBeginningUpToItsEndOffsets() throws Exception {
        String topic = TestKafka.uniqueTopic("status");
        new TopicProvisioner(clients, true, 3, (short) -1).ensure(List.of(TopicSpec.compacted(topic)));
        try (KafkaProducer<String, WorkloadStatusEvent> producer = clients.eventProducer("status", Map.of())) {
            send(producer, topic, TestEvents.status("a", AbstractState.INITIALIZING));
            send(producer, topic, TestEvents.status("b", AbstractState.RUNNING));
            send(producer, topic, TestEvents.status("c", AbstractState.RUNNING));
            send(producer, topic, TestEvents.status("a", AbstractState.RUNNING));
        }

        Map<String, WorkloadStatusEvent> table = new LinkedHashMap<>();
        Deserializer<WorkloadStatusEvent> deserializer = clients.avroDeserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("table")) {
            Set<TopicPartition> partitions = CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(30));
            assertThat(partitions).hasSize(3);
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, Duration.ofSeconds(30));
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
            while (!CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    table.put(new String(record.key(), StandardCharsets.UTF_8),
                            deserializer.deserialize(record.topic(), record.headers(), record.value()));
                }
            }
            assertThatThrownBy(consumer::groupMetadata).as("no consumer group").isInstanceOf(InvalidGroupIdException.class);
        } finally {
            deserializer.close();
        }

        assertThat(table).containsOnlyKeys("a", "b", "c");
        assertThat(table.values()).allSatisfy(event -> assertThat(event).isInstanceOf(WorkloadStatusEvent.class));
        assertThat(table.get("a").getState()).as("the latest record of a key wins").isEqualTo(AbstractState.RUNNING);
        assertThat(table.get("b").getUid()).isEqualTo("b");
    }

    private static void send(KafkaProducer<String, WorkloadStatusEvent> producer, String topic, WorkloadStatusEvent event)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, event.getUid(), event)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theDatumProviderCanBeNamedInPlainConfiguration() throws Exception {
        String topic = TestKafka.uniqueTopic("config");
        WorkloadStatusEvent sent = TestEvents.status("uid-config", AbstractState.COMPLETED);
        try (KafkaProducer<String, WorkloadStatusEvent> producer = clients.eventProducer("config", Map.of())) {
            send(producer, topic, sent);
        }

        // What a SmallRye Reactive Messaging channel would be given through application.properties: strings only.
        Map<String, Object> properties = new HashMap<>();
        properties.put("apicurio.registry.url", Devstack.schemaRegistry().apiUrl());
        properties.put("apicurio.registry.avro-datum-provider", "io.kindred.kafka.EventDatumProvider");
        List<WorkloadStatusEvent> read = new ArrayList<>();
        try (AvroKafkaDeserializer<WorkloadStatusEvent> deserializer = new AvroKafkaDeserializer<>();
                KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("config")) {
            deserializer.configure(properties, false);
            Set<TopicPartition> partitions = CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, Duration.ofSeconds(30));
            while (!CompactedTopics.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(deserializer.deserialize(record.topic(), record.headers(), record.value()));
                }
            }
        }

        assertThat(read).containsExactly(sent);
        assertThat(read.get(0).getClass()).isSameAs(WorkloadStatusEvent.class);
    }

    @Test
    void aTopicThatDoesNotExistHasNoPartitions() {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("missing")) {
            assertThat(CompactedTopics.partitions(consumer, TestKafka.uniqueTopic("missing"), Duration.ofSeconds(10)))
                    .isEmpty();
        }
    }
}
