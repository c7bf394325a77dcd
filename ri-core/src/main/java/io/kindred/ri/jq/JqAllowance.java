package io.kindred.ri.jq;

import java.time.Duration;

/**
 * A budget shared by every jq evaluation on this thread while it is open: a total of steps and a deadline, on top of
 * each evaluation's own {@link JqLimits}. One RI has up to hundreds of expressions, each bounded by itself; a caller
 * that evaluates a whole RI for one untrusted request (a preview) opens an allowance so that the request as a whole is
 * bounded too. Once it is spent, every further evaluation on the thread fails at its first step with a
 * {@link JqLimitException} saying so, so the rest of the request costs next to nothing.
 *
 * <pre>{@code
 * try (JqAllowance allowance = JqAllowance.open(1_000_000, Duration.ofSeconds(2))) {
 *     result = ri.status(object);
 *     if (allowance.spent()) { ... refuse the request ... }
 * }
 * }</pre>
 * Evaluation is synchronous, so a thread-local finds the allowance; it must be closed on the thread that opened it.
 */
public final class JqAllowance implements AutoCloseable {

    private static final ThreadLocal<JqAllowance> CURRENT = new ThreadLocal<>();
    private static final int CLOCK_INTERVAL_MASK = 255;

    private final long maxSteps;
    private final Duration time;
    private final long deadlineNanos;
    private final JqAllowance previous;
    private long steps;
    private String spentReason;

    private JqAllowance(long maxSteps, Duration time, JqAllowance previous) {
        this.maxSteps = maxSteps;
        this.time = time;
        this.deadlineNanos = System.nanoTime() + time.toNanos();
        this.previous = previous;
    }

    /**
     * Opens an allowance on this thread (replacing, until closed, one already open).
     *
     * @param maxSteps total jq steps (as counted by {@link JqLimits#maxSteps()}) of all evaluations while open
     * @param time     wall-clock bound of all evaluations while open, from now
     */
    public static JqAllowance open(long maxSteps, Duration time) {
        if (maxSteps <= 0 || time == null || time.isZero() || time.isNegative()) {
            throw new IllegalArgumentException("an allowance needs positive steps and time");
        }
        JqAllowance allowance = new JqAllowance(maxSteps, time, CURRENT.get());
        CURRENT.set(allowance);
        return allowance;
    }

    static JqAllowance current() {
        return CURRENT.get();
    }

    /** Whether an evaluation was stopped because the allowance ran out. */
    public boolean spent() {
        return spentReason != null;
    }

    /** Why it ran out (steps or time), or null. */
    public String spentReason() {
        return spentReason;
    }

    /** Steps charged so far. */
    public long steps() {
        return steps;
    }

    /** Charges one step; throws once the steps or the time are used up (and at every step after that). */
    void step() {
        if (spentReason != null) {
            throw new Budget.Exceeded(spentReason);
        }
        if (++steps > maxSteps) {
            spend("the request's jq evaluations took more than " + maxSteps + " steps together");
        }
        if ((steps & CLOCK_INTERVAL_MASK) == 0) {
            checkClock();
        }
    }

    void checkClock() {
        if (spentReason != null) {
            throw new Budget.Exceeded(spentReason);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            spend("the request's jq evaluations took longer than " + time.toMillis() + " ms together");
        }
    }

    private void spend(String reason) {
        spentReason = reason;
        throw new Budget.Exceeded(reason);
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
