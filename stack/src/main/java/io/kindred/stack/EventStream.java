package io.kindred.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

import io.kindred.kafka.KafkaClients;

/**
 * Reads Kindred's Avro events from topics as they arrive, on a thread of its own, without a consumer group: every
 * partition is assigned and read from its end at {@link #open} (or from the beginning), so nothing published after
 * the open is missed and the reader commits nothing. Survives a broker restart (the client reconnects).
 */
public final class EventStream implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    private EventStream(KafkaConsumer<byte[], byte[]> consumer, Deserializer<Object> deserializer,
            Consumer<ConsumerRecord<String, Object>> sink, String name) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(deserializer, sink), name);
        this.thread.setDaemon(true);
    }

    /**
     * @param fromBeginning read what the topics hold already too
     * @param sink          gets each record with its decoded event (never null: undecodable records are skipped)
     */
    public static EventStream open(KafkaClients clients, List<String> topics, boolean fromBeginning,
            Consumer<ConsumerRecord<String, Object>> sink) {
        KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer("event-stream");
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.addAll(io.kindred.kafka.CompactedTopics.partitions(consumer, topic, Duration.ofSeconds(30)));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            end.forEach(consumer::seek);
        }
        EventStream stream = new EventStream(consumer, clients.avroDeserializer(), sink,
                "event-stream-" + String.join("+", topics));
        stream.thread.start();
        return stream;
    }

    private void run(Deserializer<Object> deserializer, Consumer<ConsumerRecord<String, Object>> sink) {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue; // a tombstone
                    }
                    Object event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    String key = record.key() == null ? null : new String(record.key(),
                            java.nio.charset.StandardCharsets.UTF_8);
                    sink.accept(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), key, event));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until {@code latch} opens or the timeout passes. */
    static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
