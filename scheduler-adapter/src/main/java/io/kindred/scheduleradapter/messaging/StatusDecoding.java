package io.kindred.scheduleradapter.messaging;

import io.kindred.events.WorkloadStatusEvent;
import io.kindred.kafka.TransientFailures;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * How a {@code workload-status} record that cannot be decoded is handled (the channel's
 * {@code value-deserialization-failure-handler}). A schema registry or broker that does not answer is not the
 * record's fault: decoding is retried with back-off, for as long as it takes, and consumption waits (nothing is
 * committed meanwhile, so nothing is lost if the instance stops). A record that will never decode (not a Kindred
 * event, an unknown schema) becomes a {@code null} value carrying the connector's deserialization-failure headers,
 * which {@link StatusEventsConsumer} sends to the dead-letter topic. Without this handler the connector would fail
 * the whole stream on a poison record and count a registry outage as poison.
 */
@ApplicationScoped
@Identifier(StatusDecoding.NAME)
public class StatusDecoding implements DeserializationFailureHandler<WorkloadStatusEvent> {

    public static final String NAME = "workload-status-decoding";
    private static final Logger LOG = Logger.getLogger(StatusDecoding.class);

    private final Duration firstRetry;
    private final Duration maxRetry;

    public StatusDecoding() {
        this(Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    StatusDecoding(Duration firstRetry, Duration maxRetry) {
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    @Override
    public WorkloadStatusEvent decorateDeserialization(Uni<WorkloadStatusEvent> deserialization, String topic,
            boolean isKey, String deserializer, byte[] data, Headers headers) {
        return deserialization
                .onFailure(TransientFailures::isTransient).invoke(e -> LOG.warnf(
                        "Cannot decode a %s record now (%s); retrying, consumption waits", topic, e.toString()))
                .onFailure(TransientFailures::isTransient).retry().withBackOff(firstRetry, maxRetry).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    DeserializationFailureHandler.addFailureDetailsToHeaders(deserializer, topic, isKey, headers, data, e);
                    return null;
                })
                .await().indefinitely();
    }

    /** Why the record behind a {@code null} value could not be decoded, or {@code null} for a real tombstone. */
    static String failureOf(Headers headers) {
        var reason = headers == null ? null : headers.lastHeader(DESERIALIZATION_FAILURE_REASON);
        return reason == null ? null : new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
