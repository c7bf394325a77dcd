package io.kindred.registry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A topic's relay failure lasts until an event reaches that topic again; it keeps the time it started. */
class OutboxTopicFailuresTest {

    @Test
    void aFailureIsKeptWithItsStartUntilTheTopicRecoversAndOtherTopicsDoNotClearIt() {
        OutboxMetrics metrics = new OutboxMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.register();

        metrics.topicFailing("workload-types", "TopicAuthorizationException: not authorized");
        OutboxMetrics.TopicFailure first = metrics.topicFailures().get(0);
        metrics.topicFailing("workload-types", "TimeoutException");
        metrics.topicFailing("workload-submissions", "InvalidTopicException");

        assertThat(metrics.topicFailures()).extracting(OutboxMetrics.TopicFailure::topic)
                .containsExactly("workload-submissions", "workload-types");
        OutboxMetrics.TopicFailure types = metrics.topicFailures().get(1);
        assertThat(types.error()).as("the latest error").isEqualTo("TimeoutException");
        assertThat(types.since()).as("since the first failure").isEqualTo(first.since());
        assertThat(metrics.registry.get("kindred.outbox.failing.topics").gauge().value()).isEqualTo(2);

        metrics.topicRecovered("workload-submissions");
        assertThat(metrics.topicFailures()).extracting(OutboxMetrics.TopicFailure::topic)
                .containsExactly("workload-types");
        metrics.topicRecovered("workload-types");
        assertThat(metrics.topicFailures()).isEmpty();
        assertThat(metrics.registry.get("kindred.outbox.failing.topics").gauge().value()).isZero();
    }
}
