package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ApiExceptionBuilder;


class TransientFailuresTest {

    private static ApiException status(int code) {
        return new ApiExceptionBuilder().withMessage("registry answered " + code).withResponseStatusCode(code).build();
    }

    @Test
    void anUnreachableOrOverloadedRegistryOrBrokerIsTransient() {
        assertThat(TransientFailures.isTransient(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("x", new TimeoutException()))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(status(503)))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(status(429)))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(status(408)))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(status(0))))
                .as("no HTTP answer at all").isTrue();
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moving")))
                .as("a retriable Kafka error").isTrue();
    }

    @Test
    void bytesThatAreNotAKindredEventArePoison() {
        assertThat(TransientFailures.isTransient(new SerializationException("Unknown magic byte!"))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(status(404)))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("not a Kindred event"))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(new java.io.EOFException("truncated record"))))
                .as("the Avro decoder's I/O errors are about the bytes").isFalse();
    }
}
