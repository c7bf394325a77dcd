package io.kindred.workloadtypes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import io.kindred.events.WorkloadTypeEvent;
import io.kindred.kafka.Backoff;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.DeadLetterPublisher;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TransientFailures;

/**
 * Reads the {@code workload-types} topic from the beginning, on every start and in every instance (all partitions
 * assigned explicitly, no consumer group, nothing committed), applies each record to the {@link WorkloadTypeTable}
 * and tells the watch layer what changed. A record that cannot be decoded or applied goes to the dead-letter topic
 * and the loop goes on.
 */
public final class WorkloadTypesConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkloadTypesConsumer.class);
    /** Looking for a topic that is not created yet: 0.5 s, doubling up to 30 s. */
    private static final Backoff TOPIC_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final KafkaClients clients;
    private final String topic;
    private final WorkloadTypeTable table;
    private final DeadLetterPublisher deadLetters;
    private final Consumer<TypeTableChange> listener;
    private final Consumer<String> outcomes;
    private final LongConsumer lag;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopping;
    private volatile Throwable failure;

    public WorkloadTypesConsumer(KafkaClients clients, String topic, WorkloadTypeTable table,
                                 DeadLetterPublisher deadLetters, Consumer<TypeTableChange> listener) {
        this(clients, topic, table, deadLetters, listener, outcome -> { }, records -> { });
    }

    /**
     * @param outcomes told {@code applied}, {@code ignored} or {@code dead-lettered} for every record (metrics)
     * @param lag      told the records not yet applied after every poll (metrics)
     */
    public WorkloadTypesConsumer(KafkaClients clients, String topic, WorkloadTypeTable table,
                                 DeadLetterPublisher deadLetters, Consumer<TypeTableChange> listener,
                                 Consumer<String> outcomes, LongConsumer lag) {
        this.clients = clients;
        this.topic = topic;
        this.table = table;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.outcomes = outcomes;
        this.lag = lag;
    }

    @Override
    public void run() {
        Deserializer<WorkloadTypeEvent> deserializer = clients.avroDeserializer();
        try (KafkaConsumer<byte[], byte[]> kafka = clients.rawConsumer("workload-types")) {
            consumer = kafka;
            Set<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions == null) {
                return;
            }
            Map<TopicPartition, Long> initialEnd = CompactedTopics.assignFromBeginning(kafka, partitions,
                    Duration.ofSeconds(30));
            LOG.infof("Reading workload types from %s (%d partitions) from the beginning", topic, partitions.size());
            while (!stopping) {
                var records = kafka.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record, deserializer);
                }
                updateLag(kafka, partitions);
                if (caughtUp.getCount() > 0 && CompactedTopics.reached(kafka, initialEnd)) {
                    LOG.infof("Workload types loaded: %d registered", table.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "Reading workload types from %s stopped", topic);
        } finally {
            deserializer.close();
            consumer = null;
            finished.countDown();
        }
    }

    /** Waits until every record present at start has been applied; false on timeout or if the loop failed. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    /** True once every record present at start has been applied. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Null while running normally. */
    public Throwable failure() {
        return failure;
    }

    public boolean running() {
        return finished.getCount() > 0 && failure == null;
    }

    public void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void handle(ConsumerRecord<byte[], byte[]> record, Deserializer<WorkloadTypeEvent> deserializer) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        WorkloadTypeEvent event = null;
        if (record.value() != null) {
            try {
                event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    // Not the record's fault: stop here; the supervisor restarts reading (from the beginning, which
                    // the revision rule makes harmless) once the registry answers again.
                    throw new IllegalStateException("Cannot decode " + record.topic() + "-" + record.partition() + "@"
                            + record.offset() + " now (schema registry unavailable?): " + rootMessage(e), e);
                }
                deadLetter(record, "value of record with key '" + key + "' cannot be decoded as a WorkloadTypeEvent: "
                        + rootMessage(e), e);
                return;
            }
            if (event == null) {
                deadLetter(record, "value of record with key '" + key + "' decodes to nothing", null);
                return;
            }
        }
        TypeTableChange change;
        try {
            change = table.apply(key, event);
        } catch (InvalidWorkloadTypeException e) {
            deadLetter(record, e.getMessage(), e.getCause());
            return;
        } catch (RuntimeException e) {
            deadLetter(record, "workload type '" + key + "' cannot be applied: " + rootMessage(e), e);
            return;
        }
        if (!change.applied()) {
            outcomes.accept("ignored");
            LOG.debugf("Workload types record %s-%d@%d ignored: %s", record.topic(), record.partition(), record.offset(),
                    change.ignoredBecause());
            return;
        }
        outcomes.accept("applied");
        LOG.infof("Workload type %s %s (revision %s): watching %s, updated %s, no longer watching %s", key,
                event == null ? "removed by tombstone" : event.getChange().name().toLowerCase(java.util.Locale.ROOT),
                event == null ? "-" : Long.toString(event.getRevision()),
                change.added().stream().map(b -> b.gvk().toString()).toList(),
                change.updated().stream().map(u -> u.binding().gvk().toString()).toList(), change.removed());
        listener.accept(change);
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, Throwable cause) {
        outcomes.accept("dead-lettered");
        deadLetters.send(record, reason, cause);
    }

    private Set<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> kafka) {
        int attempts = 0;
        while (!stopping) {
            Set<TopicPartition> partitions = CompactedTopics.partitions(kafka, topic, Duration.ofSeconds(30));
            if (!partitions.isEmpty()) {
                return partitions;
            }
            long delay = TOPIC_BACKOFF.delayAfter(++attempts).toMillis();
            LOG.infof("Topic %s does not exist yet; looking again in %d ms", topic, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void updateLag(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> partitions) {
        long behind = 0;
        for (TopicPartition partition : partitions) {
            OptionalLong current = kafka.currentLag(partition);
            behind += current.orElse(0);
        }
        lag.accept(behind);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
