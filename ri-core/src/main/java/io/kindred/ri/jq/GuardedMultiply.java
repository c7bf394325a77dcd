package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.internal.operators.BinaryOperator;

/**
 * jq's {@code *}, refusing to repeat a string beyond the string limit: {@code "x" * 1e9} would otherwise allocate a
 * gigabyte in a single step, before any size check could see the result.
 */
final class GuardedMultiply implements BinaryOperator {

    private final BinaryOperator delegate;

    GuardedMultiply(BinaryOperator delegate) {
        this.delegate = delegate;
    }

    @Override
    public JsonNode apply(ObjectMapper mapper, JsonNode lhs, JsonNode rhs) throws JsonQueryException {
        if (lhs.isTextual() && rhs.isNumber()) {
            check(lhs.textValue().length(), rhs.asDouble());
        } else if (rhs.isTextual() && lhs.isNumber()) {
            check(rhs.textValue().length(), lhs.asDouble());
        }
        return delegate.apply(mapper, lhs, rhs);
    }

    private static void check(int length, double times) {
        Budget budget = Budget.current();
        long limit = budget == null ? JqLimits.DEFAULT.maxStringLength() : budget.limits.maxStringLength();
        if (times > 0 && length * times > limit) {
            throw new Budget.Exceeded("the evaluation would repeat a string of " + length + " characters " + times
                    + " times, beyond the limit of " + limit + " characters");
        }
    }

    @Override
    public String image() {
        return delegate.image();
    }
}
