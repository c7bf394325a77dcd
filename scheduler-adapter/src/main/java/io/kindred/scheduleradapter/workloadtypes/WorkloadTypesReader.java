package io.kindred.scheduleradapter.workloadtypes;

import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.DeadLetterPublisher;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TransientFailures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Reads the compacted {@code workload-types} topic from the beginning in every adapter instance, with a plain
 * consumer and no consumer group: each instance needs every type, which a group's partition split would not give
 * it, and nothing may be committed. A record that cannot be decoded or applied is dead-lettered and reading goes
 * on; a schema registry or broker outage is not the record's fault and restarts reading instead.
 */
public final class WorkloadTypesReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkloadTypesReader.class);

    private final KafkaClients clients;
    private final String topic;
    private final TypeTable table;
    private final DeadLetterPublisher deadLetters;
    private final Runnable onChange;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopping;

    public WorkloadTypesReader(KafkaClients clients, String topic, TypeTable table, DeadLetterPublisher deadLetters,
            Runnable onChange) {
        this.clients = clients;
        this.topic = topic;
        this.table = table;
        this.deadLetters = deadLetters;
        this.onChange = onChange;
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                readUntilStopped();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warnf("Reading %s failed (%s); reading again from the beginning in 2 s", topic, e.toString());
                sleep(2000);
            }
        }
    }

    private void readUntilStopped() {
        Deserializer<WorkloadTypeEvent> deserializer = clients.avroDeserializer();
        try (KafkaConsumer<byte[], byte[]> kafka = clients.rawConsumer("workload-types")) {
            consumer = kafka;
            Set<TopicPartition> partitions = CompactedTopics.partitions(kafka, topic, Duration.ofSeconds(30));
            while (partitions.isEmpty() && !stopping) {
                LOG.infof("Topic %s does not exist yet; looking again in 2 s", topic);
                sleep(2000);
                partitions = CompactedTopics.partitions(kafka, topic, Duration.ofSeconds(30));
            }
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(kafka, partitions, Duration.ofSeconds(30));
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    handle(record, deserializer);
                }
                if (caughtUp.getCount() > 0 && CompactedTopics.reached(kafka, end)) {
                    LOG.infof("Workload types loaded: %d registered", table.size());
                    caughtUp.countDown();
                }
            }
        } finally {
            consumer = null;
            deserializer.close();
        }
    }

    void handle(ConsumerRecord<byte[], byte[]> record, Deserializer<WorkloadTypeEvent> deserializer) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        WorkloadTypeEvent event = null;
        if (record.value() != null) {
            try {
                event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                deadLetters.send(record, "value of record with key '" + key + "' is not a WorkloadTypeEvent: "
                        + e.getMessage(), e);
                return;
            }
        }
        try {
            if (table.apply(key, event)) {
                LOG.infof("Workload type %s %s", key, event == null ? "removed" : "at revision " + event.getRevision());
                onChange.run();
            }
        } catch (TypeTable.InvalidType e) {
            deadLetters.send(record, e.getMessage(), e.getCause());
        }
    }

    /** True once every record present at start has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    public void stop() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
