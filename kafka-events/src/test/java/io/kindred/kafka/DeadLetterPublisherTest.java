package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    private final KafkaClients clients = TestKafka.clients();

    @Test
    void copiesTheRecordByteForByteWithItsHeadersAndWhyItFailed() throws Exception {
        String input = TestKafka.uniqueTopic("input");
        String dlq = input + ".dlq";
        new TopicProvisioner(clients, true, 1, (short) -1)
                .ensure(List.of(TopicSpec.compacted(input), new TopicSpec(dlq, false)));
        byte[] garbage = {0, 1, 2, (byte) 0xff};
        try (KafkaProducer<byte[], byte[]> producer = clients.rawProducer("test-input")) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(input, "key-1".getBytes(StandardCharsets.UTF_8), garbage);
            record.headers().add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        ConsumerRecord<byte[], byte[]> failed = readAll(input).get(0);

        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(clients.rawProducer("dead-letters"), dlq)) {
            deadLetters.send(failed, "value cannot be decoded", new IllegalArgumentException("Unknown magic byte!"));
        }

        List<ConsumerRecord<byte[], byte[]>> letters = readAll(dlq);
        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(letter.key()).isEqualTo("key-1".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.value()).isEqualTo(garbage);
        Map<String, String> headers = headers(letter);
        assertThat(headers).containsEntry("trace-id", "t-42")
                .containsEntry(DeadLetterPublisher.REASON, "value cannot be decoded")
                .containsEntry(DeadLetterPublisher.CAUSE, "java.lang.IllegalArgumentException: Unknown magic byte!")
                .containsEntry(DeadLetterPublisher.TOPIC, input)
                .containsEntry(DeadLetterPublisher.PARTITION, "0")
                .containsEntry(DeadLetterPublisher.OFFSET, Long.toString(failed.offset()));
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("test-reader")) {
            Set<TopicPartition> partitions = CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(consumer, partitions, Duration.ofSeconds(30));
            while (!CompactedTopics.reached(consumer, end)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
