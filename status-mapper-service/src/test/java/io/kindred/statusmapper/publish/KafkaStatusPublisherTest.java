package io.kindred.statusmapper.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kindred.events.WorkloadStatusEvent;

/**
 * The mapping hands records to the publisher without waiting for Kafka: a producer stuck in send() (as during a
 * broker outage, waiting for the topic's metadata) holds the records, in order, and only a full queue makes the
 * caller wait.
 */
class KafkaStatusPublisherTest {

    /** A producer whose send() waits until {@link #release} opens, like a KafkaProducer without metadata. */
    static final class StuckProducer extends MockProducer<String, WorkloadStatusEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean waiting;

        StuckProducer() {
            super(true, null, new StringSerializer(), (topic, event) -> new byte[0]);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, WorkloadStatusEvent> record, Callback callback) {
            waiting = true;
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            }
            return super.send(record, callback);
        }
    }

    /** Records the outcome of every record by key. */
    static final class Outcomes {
        final List<String> published = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        StatusEventSink.Outcome of(String key) {
            return new StatusEventSink.Outcome() {
                @Override
                public void published() {
                    published.add(key);
                }

                @Override
                public void failed(Exception cause) {
                    failed.add(key);
                }
            };
        }
    }

    private final StuckProducer producer = new StuckProducer();
    private final Outcomes outcomes = new Outcomes();
    private KafkaStatusPublisher publisher;

    @AfterEach
    void close() {
        producer.release.countDown();
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void recordsWaitInOrderWhileTheProducerIsStuckAndGoOutWhenItIsBack() {
        publisher = new KafkaStatusPublisher(producer, "workload-status", 100);
        for (int i = 1; i <= 5; i++) {
            publisher.sendTombstone("uid-" + i, outcomes.of("uid-" + i));
        }
        // The caller got here although the producer has not taken a single record.
        await().atMost(Duration.ofSeconds(30)).until(() -> producer.waiting);
        assertThat(producer.history()).isEmpty();
        assertThat(publisher.queued()).isEqualTo(4);
        assertThat(outcomes.published).isEmpty();
        assertThat(outcomes.failed).isEmpty();

        producer.release.countDown();
        publisher.flush();
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly("uid-1", "uid-2", "uid-3", "uid-4", "uid-5");
        assertThat(outcomes.published).containsExactly("uid-1", "uid-2", "uid-3", "uid-4", "uid-5");
        assertThat(publisher.queued()).isZero();
    }

    @Test
    void aFullQueueMakesTheCallerWaitForRoomAndLosesNothing() throws Exception {
        publisher = new KafkaStatusPublisher(producer, "workload-status", 1);
        publisher.sendTombstone("uid-1", outcomes.of("uid-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> producer.waiting);
        publisher.sendTombstone("uid-2", outcomes.of("uid-2")); // fills the queue
        CountDownLatch handedOver = new CountDownLatch(1);
        Thread mapping = new Thread(() -> {
            publisher.sendTombstone("uid-3", outcomes.of("uid-3"));
            handedOver.countDown();
        });
        mapping.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> mapping.getState() == Thread.State.WAITING);
        assertThat(handedOver.getCount()).as("the caller waits for room").isEqualTo(1);

        producer.release.countDown();
        assertThat(handedOver.await(30, TimeUnit.SECONDS)).isTrue();
        publisher.flush();
        assertThat(outcomes.published).containsExactly("uid-1", "uid-2", "uid-3");
    }

    @Test
    void closeHandsTheQueuedRecordsToTheProducer() {
        publisher = new KafkaStatusPublisher(producer, "workload-status", 100);
        for (int i = 1; i <= 3; i++) {
            publisher.sendTombstone("uid-" + i, outcomes.of("uid-" + i));
        }
        producer.release.countDown();
        publisher.close();
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("uid-1", "uid-2", "uid-3");

        publisher.sendTombstone("uid-4", outcomes.of("uid-4"));
        assertThat(outcomes.failed).as("a closed publisher refuses at once").containsExactly("uid-4");
    }
}
