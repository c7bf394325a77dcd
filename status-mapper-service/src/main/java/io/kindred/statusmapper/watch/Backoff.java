package io.kindred.statusmapper.watch;

import java.time.Duration;

/**
 * Exponential backoff for looking again at a kind that is not installed: initial, 2×, 4×… capped at the maximum.
 * A kind can stay missing for days (the CRD is installed later, or never), so the cap keeps the API calls rare
 * while still noticing the CRD within a couple of minutes.
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

    /** Delay before attempt number {@code attempt + 1}, after {@code attempt} (≥ 1) failed looks. */
    public Duration delayAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
