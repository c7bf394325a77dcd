package io.kindred.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(2));

    @Test
    void doublesFromTheInitialDelay() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void isCappedAtTheMaximumHoweverManyAttempts() {
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the initial");
    }
}
