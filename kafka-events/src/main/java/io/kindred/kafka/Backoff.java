package io.kindred.kafka;

import java.time.Duration;

/**
 * The one growing delay between attempts in Kindred: initial, 2×, 4×… capped at the maximum (initial = maximum gives a
 * fixed delay). Used where a service waits for something that can stay absent for long: a kind whose CRD is not
 * installed (the status mapper's watches), a topic that does not exist yet (the workload-types consumer). The cap
 * keeps the calls rare while still noticing the change within one maximum delay.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum backoff " + max + " is shorter than the initial " + initial);
        }
    }

    /** Delay before attempt number {@code attempt + 1}, after {@code attempt} (≥ 1) failed attempts. */
    public Duration delayAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
