package io.kindred.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void aBurstUpToTheLimitPassesThenTheCallerWaitsForTheRefill() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100, now::get);
        assertThat(limiter.tryAcquire("ci-bot")).isZero();
        assertThat(limiter.tryAcquire("ci-bot")).isZero();
        assertThat(limiter.tryAcquire("ci-bot")).isZero();
        long wait = limiter.tryAcquire("ci-bot");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(wait)).as("one request refills every 20 s").isBetween(19L, 20L);
        assertThat(limiter.tryAcquire("other")).as("keys are independent").isZero();

        now.addAndGet(wait);
        assertThat(limiter.tryAcquire("ci-bot")).isZero();
        assertThat(limiter.tryAcquire("ci-bot")).isPositive();
    }

    @Test
    void sprayingKeysNeitherGrowsTheTableNorEscapesTheLimit() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), 10, now::get);
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.tryAcquire("10.0.0." + i) == 0) {
                passed++;
            }
        }
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(10);
        assertThat(passed).as("10 tracked keys (one request each), then the shared overflow bucket's 2").isEqualTo(12);

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.tryAcquire("10.0.1.1")).as("idle full buckets are forgotten to make room").isZero();
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void aLimitNeedsCapacityAndPeriod() {
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofMinutes(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
