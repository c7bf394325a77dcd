package io.kindred.statusmapper.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.KafkaClients;

/**
 * Publishes status events to the {@code workload-status} topic (key = UID) with an idempotent, acks=all producer.
 * One producer for the whole service: Kafka keeps the order of records of one key from one producer, which is the
 * ordering guarantee the topic promises.
 * <p>
 * The mapping path never waits for Kafka: {@link #send} puts the record in a bounded queue and returns; one sender
 * thread hands the records to the producer in the order they were queued (so the order per UID is kept). Once its
 * only broker is gone the producer drops the topic's metadata and {@code send()} waits for it; the sender thread
 * does that waiting (the producer's {@code max.block.ms} is effectively unbounded here), so records held during an
 * outage stay queued, in order, and go out when the broker is back; the producer's own retries and idempotence carry
 * the records it already holds. Only a full queue ({@code kindred.publish.queue-capacity}) makes {@link #send} wait:
 * that is the back-pressure on the mapping.
 */
public final class KafkaStatusPublisher implements StatusEventSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaStatusPublisher.class);
    /** kindred.publish.queue-capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /**
     * The producer's max.block.ms: the sender waits for metadata (or buffer space) as long as the outage lasts. Not
     * Long.MAX_VALUE: the client adds it to the current time.
     */
    static final long SENDER_MAX_BLOCK_MS = Integer.MAX_VALUE;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private record Queued(ProducerRecord<String, WorkloadStatusEvent> record, Outcome outcome) {
    }

    private final Producer<String, WorkloadStatusEvent> producer;
    private final String topic;
    private final BlockingQueue<Queued> queue;
    private final Thread sender;
    /** Guards the two counts below, which {@link #flush()} compares. */
    private final Object progress = new Object();
    /** Records accepted by {@link #send}/{@link #sendTombstone}. */
    private long queued;
    /** Records the sender handed to the producer, or failed. */
    private long handedOver;
    private volatile boolean closing;
    private volatile boolean full;

    public KafkaStatusPublisher(KafkaClients clients, String topic, Duration linger, int queueCapacity) {
        this(clients.eventProducer("status", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, SENDER_MAX_BLOCK_MS)), topic, queueCapacity);
    }

    /** With {@code producer} (a MockProducer in tests); starts the sender thread. */
    public KafkaStatusPublisher(Producer<String, WorkloadStatusEvent> producer, String topic, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("kindred.publish.queue-capacity must be at least 1: " + queueCapacity);
        }
        this.producer = producer;
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sender = new Thread(this::sendQueued, "kindred-status-sender");
        sender.setDaemon(true);
        // The serializer runs on this thread; Avro resolves the event classes through its context class loader.
        sender.setContextClassLoader(KafkaStatusPublisher.class.getClassLoader());
        sender.start();
    }

    @Override
    public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
        enqueue(new ProducerRecord<>(topic, uid, event), outcome);
    }

    @Override
    public void sendTombstone(String uid, Outcome outcome) {
        enqueue(new ProducerRecord<>(topic, uid, null), outcome);
    }

    /** Records queued and not yet handed to the producer. */
    public int queued() {
        return queue.size();
    }

    private void enqueue(ProducerRecord<String, WorkloadStatusEvent> record, Outcome outcome) {
        if (closing) {
            outcome.failed(new IllegalStateException("The status publisher is closed"));
            return;
        }
        Queued item = new Queued(record, outcome);
        synchronized (progress) {
            queued++;
        }
        if (queue.offer(item)) {
            return;
        }
        if (!full) {
            full = true;
            LOG.warnf("The status publication queue is full (%d records, kindred.publish.queue-capacity): mapping waits"
                    + " for Kafka", queue.remainingCapacity() + queue.size());
        }
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markHandedOver();
            outcome.failed(new IllegalStateException("Interrupted while waiting for room in the status queue", e));
        }
    }

    private void sendQueued() {
        while (true) {
            Queued next;
            try {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (next == null) {
                if (closing) {
                    break;
                }
                full = false;
                continue;
            }
            hand(next);
        }
        failLeftOver();
    }

    private void hand(Queued item) {
        Outcome outcome = item.outcome();
        try {
            producer.send(item.record(), (metadata, error) -> {
                if (error == null) {
                    outcome.published();
                } else {
                    outcome.failed(error);
                }
            });
        } catch (RuntimeException e) {
            // Serialisation or registry failures, and a producer closed under a waiting send(), are thrown by send()
            // itself rather than reported to the callback.
            outcome.failed(e);
        } finally {
            markHandedOver();
        }
    }

    private void markHandedOver() {
        synchronized (progress) {
            handedOver++;
            progress.notifyAll();
        }
    }

    /** Records still queued when the sender stopped: failed, so the mapping knows they are not out. */
    private void failLeftOver() {
        List<Queued> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warnf("%d status records were not handed to Kafka before the publisher closed; the next start "
                    + "publishes the states again", left.size());
        }
        for (Queued item : left) {
            try {
                item.outcome().failed(new IllegalStateException("The status publisher closed before sending it"));
            } catch (RuntimeException e) {
                LOG.debugf("Outcome of a dropped record failed: %s", e.getMessage());
            }
            markHandedOver();
        }
    }

    /** Waits until every record queued so far is handed to the producer, then until the producer has sent it. */
    public void flush() {
        synchronized (progress) {
            long target = queued;
            while (handedOver < target && sender.isAlive()) {
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        producer.flush();
    }

    /**
     * Stops taking records, lets the sender hand what is queued to the producer and the producer send it, within
     * 10 seconds in all; what is still not out then is failed (during a Kafka outage: republished by the next start,
     * whose state store lacks it).
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Also wakes a sender still waiting in send() for metadata: that send() then fails.
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        sender.interrupt();
        try {
            sender.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes at once, failing every record not yet sent: what a replica that lost its leadership does, so that records
     * it still holds (e.g. retried through a Kafka outage) do not reach the topic after the new leader's.
     */
    public synchronized void abort() {
        closing = true;
        sender.interrupt(); // the sender fails what is still queued (failLeftOver) instead of handing it over
        producer.close(Duration.ZERO);
        try {
            sender.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
