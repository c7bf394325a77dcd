package io.kindred.scheduleradapter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The status mapper tombstones the key of a deleted workload on workload-status once its DELETED record has been
 * out for a while. The adapter must take that null value as nothing to do: acknowledge it (so the offset moves on),
 * never dead-letter it, and never look at the cluster for it.
 */
class StatusTombstoneTest {

    @Test
    void aTombstoneIsAcknowledgedWithoutTouchingTheCluster() throws Exception {
        AtomicReference<String> outcome = new AtomicReference<>();
        Message<io.kindred.events.WorkloadStatusEvent> tombstone = Message.of(null,
                () -> {
                    outcome.set("ack");
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcome.set("nack: " + failure);
                    return CompletableFuture.completedFuture(null);
                });
        // No runtime injected: reaching the cluster (or waiting for the types) would fail with a NullPointerException.
        StatusEventsConsumer consumer = new StatusEventsConsumer();

        consumer.onStatus(tombstone).toCompletableFuture().get();

        assertThat(outcome).hasValue("ack");
        assertThat(tombstone.getMetadata(IncomingKafkaRecordMetadata.class)).isEmpty();
    }
}
