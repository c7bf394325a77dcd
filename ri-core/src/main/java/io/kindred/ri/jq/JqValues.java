package io.kindred.ri.jq;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Turning jq results into the strings RIs compare against. */
public final class JqValues {

    private JqValues() {
    }

    /**
     * jq's {@code tostring}: a string is itself; anything else is its compact JSON. Numbers print as jq prints them:
     * an integral value without a fraction ({@code 3}, not {@code 3.0}), others in the shortest form that reads back
     * the same ({@code 0.5}, {@code 1e+100}).
     *
     * @return the text, or {@code null} for a {@code null} argument
     * @throws IllegalArgumentException when an object or array would print longer than the jq string limit
     */
    public static String toText(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isContainerNode()) {
            try {
                return JqRuntime.toJson(JqRuntime.ROOT.getObjectMapper(), value);
            } catch (net.thisptr.jackson.jq.exception.JsonQueryException e) {
                throw new IllegalStateException("cannot serialize a JSON tree", e);
            } catch (Budget.Exceeded e) {
                throw new IllegalArgumentException("the value is too large to turn into text: " + e.getMessage());
            }
        }
        return value.asText();
    }

    private static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        double d = value.doubleValue();
        if (Double.isNaN(d)) {
            return "null";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        String plain = BigDecimal.valueOf(d).stripTrailingZeros().toString();
        // BigDecimal writes 1E+100; jq writes 1e+100
        return plain.replace('E', 'e');
    }
}
