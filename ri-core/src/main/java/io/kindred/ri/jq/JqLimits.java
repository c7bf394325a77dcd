package io.kindred.ri.jq;

import java.time.Duration;

/**
 * The bounds every RI jq expression lives within.
 *
 * @param maxExpressionLength longest accepted expression, in characters
 * @param maxNestingDepth     deepest nesting of brackets, parentheses, braces and string interpolations
 * @param maxResults          most results one evaluation may produce
 * @param maxSteps            most values all sub-expressions of one evaluation may produce together — the
 *                            deterministic bound on work
 * @param maxValueWeight      largest value a constructing step may produce, in weight units (one per JSON node plus
 *                            one per 16 characters of string)
 * @param maxStringLength     longest string a step may produce, in characters
 * @param timeout             wall-clock bound of one evaluation, checked every 256 steps and after every large value
 */
public record JqLimits(
        int maxExpressionLength,
        int maxNestingDepth,
        int maxResults,
        long maxSteps,
        long maxValueWeight,
        int maxStringLength,
        Duration timeout) {

    /** The limits used across Kindred. */
    public static final JqLimits DEFAULT = new JqLimits(4096, 64, 1000, 200_000, 250_000, 1 << 20, Duration.ofSeconds(1));

    public JqLimits {
        if (maxExpressionLength <= 0 || maxNestingDepth <= 0 || maxResults <= 0 || maxSteps <= 0
                || maxValueWeight <= 0 || maxStringLength <= 0 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("every jq limit must be positive: " + this);
        }
    }

    public JqLimits withMaxResults(int value) {
        return new JqLimits(maxExpressionLength, maxNestingDepth, value, maxSteps, maxValueWeight, maxStringLength, timeout);
    }

    public JqLimits withMaxSteps(long value) {
        return new JqLimits(maxExpressionLength, maxNestingDepth, maxResults, value, maxValueWeight, maxStringLength, timeout);
    }

    public JqLimits withMaxValueWeight(long value) {
        return new JqLimits(maxExpressionLength, maxNestingDepth, maxResults, maxSteps, value, maxStringLength, timeout);
    }

    public JqLimits withMaxStringLength(int value) {
        return new JqLimits(maxExpressionLength, maxNestingDepth, maxResults, maxSteps, maxValueWeight, value, timeout);
    }

    public JqLimits withTimeout(Duration value) {
        return new JqLimits(maxExpressionLength, maxNestingDepth, maxResults, maxSteps, maxValueWeight, maxStringLength, value);
    }
}
