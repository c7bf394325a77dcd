package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The running account of one evaluation: steps taken, the deadline, and the size checks on the values built.
 *
 * <p>Instrumented syntax-tree nodes ({@link Metered}) find the budget of the evaluation running on their thread
 * through a thread-local: jq evaluation is synchronous, so the evaluation that set it is the one being charged.
 */
final class Budget {

    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();
    /** How many steps pass between two looks at the clock. */
    private static final int CLOCK_INTERVAL_MASK = 255;
    /** Weighing more than this many nodes is expensive enough to be worth a look at the clock. */
    private static final long CLOCK_WEIGHT_THRESHOLD = 10_000;

    final JqLimits limits;
    private final long deadlineNanos;
    /** The request-wide allowance open on this thread when the evaluation started, charged as well; usually null. */
    private final JqAllowance allowance;
    private long steps;

    private Budget(JqLimits limits, JqAllowance allowance) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        this.allowance = allowance;
    }

    /** A budget not installed on any thread and charging no allowance. */
    static Budget detached(JqLimits limits) {
        return new Budget(limits, null);
    }

    static Budget current() {
        return CURRENT.get();
    }

    /** Opens a budget for an evaluation on this thread; returns the one it replaces, to hand to {@link #close}. */
    static Budget open(JqLimits limits) {
        Budget previous = CURRENT.get();
        CURRENT.set(new Budget(limits, JqAllowance.current()));
        return previous;
    }

    static void close(Budget previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    long steps() {
        return steps;
    }

    /** Charges one step: a sub-expression was entered or produced a value. */
    void step() {
        if (++steps > limits.maxSteps()) {
            throw new Exceeded("the evaluation took more than " + limits.maxSteps() + " steps");
        }
        if (allowance != null) {
            allowance.step();
        }
        if ((steps & CLOCK_INTERVAL_MASK) == 0) {
            checkClock();
        }
    }

    void checkClock() {
        if (allowance != null) {
            allowance.checkClock();
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Exceeded("the evaluation took longer than " + limits.timeout().toMillis() + " ms");
        }
    }

    /**
     * Checks that a value built by a step stays within the string and weight limits. The walk stops as soon as the
     * limit is passed, so it costs at most the limit even on values that share sub-trees many times over.
     */
    void checkValue(JsonNode value) {
        if (value.isTextual()) {
            checkString(value.textValue().length());
            return;
        }
        if (!value.isContainerNode() || value.isEmpty()) {
            return;
        }
        long weight = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            weight++;
            if (node.isTextual()) {
                int length = node.textValue().length();
                checkString(length);
                weight += length >> 4;
            } else if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    pending.push(child);
                }
            }
            if (weight > limits.maxValueWeight()) {
                throw new Exceeded("the evaluation built a value larger than the limit of " + limits.maxValueWeight()
                        + " weight units (one per JSON value plus one per 16 characters)");
            }
        }
        if (weight > CLOCK_WEIGHT_THRESHOLD) {
            checkClock();
        }
    }

    void checkString(long length) {
        if (length > limits.maxStringLength()) {
            throw new Exceeded("the evaluation built a string longer than " + limits.maxStringLength() + " characters");
        }
    }

    /**
     * Thrown when a limit is reached. Deliberately not a jackson-jq exception, so that jq's own {@code try} and
     * {@code ?} cannot catch it and carry on.
     */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
