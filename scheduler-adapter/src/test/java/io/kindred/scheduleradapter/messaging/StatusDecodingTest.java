package io.kindred.scheduleradapter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.events.WorkloadStatusEvent;
import io.smallrye.mutiny.Uni;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StatusDecodingTest {

    private final StatusDecoding decoding = new StatusDecoding(Duration.ofMillis(1), Duration.ofMillis(5));

    @Test
    void aSchemaRegistryThatDoesNotAnswerIsWaitedForNotDeadLettered() {
        AtomicInteger attempts = new AtomicInteger();
        WorkloadStatusEvent decoded = WorkloadStatusEvent.newBuilder().setEventId("e").setObservedAt(java.time.Instant.EPOCH)
                .setClusterId("c").setGroup("").setVersion("v1").setKind("Pod").setNamespace("ns").setName("p").setUid("u")
                .setWorkloadType(new io.kindred.events.WorkloadTypeRef("Pod", 1L))
                .setState(io.kindred.events.AbstractState.RUNNING).setComponents(java.util.List.of()).setController(null).build();
        RecordHeaders headers = new RecordHeaders();
        WorkloadStatusEvent result = decoding.decorateDeserialization(Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new SerializationException("registry", new SocketTimeoutException("no answer"));
            }
            return decoded;
        }), "workload-status", false, "d", new byte[] {1}, headers);
        assertThat(result).isSameAs(decoded);
        assertThat(attempts).hasValue(4);
        assertThat(StatusDecoding.failureOf(headers)).as("not poison").isNull();
    }

    @Test
    void bytesThatAreNotAStatusEventBecomeANullValueWithTheReason() {
        RecordHeaders headers = new RecordHeaders();
        WorkloadStatusEvent result = decoding.decorateDeserialization(Uni.createFrom().item(() -> {
            throw new SerializationException("magic byte 0x7b is not 0x0");
        }), "workload-status", false, "d", "{\"x\":1}".getBytes(), headers);
        assertThat(result).isNull();
        assertThat(StatusDecoding.failureOf(headers)).contains("magic byte");
        assertThat(StatusDecoding.failureOf(new RecordHeaders())).as("a tombstone").isNull();
    }
}
