package io.kindred.registry.filter;

import java.util.Locale;

/**
 * The comparison operators of Run:ai's {@code filterBy} syntax. Equality and ordering are exact (case-sensitive,
 * numeric for numeric fields); the text-search operators (contains, starts with, ends with) ignore case, as a
 * search box does.
 */
public enum FilterOperator {
    EQUALS("=="),
    NOT_EQUALS("!="),
    LESS_OR_EQUAL("<="),
    GREATER_OR_EQUAL(">="),
    CONTAINS("=@"),
    NOT_CONTAINS("!@"),
    STARTS_WITH("=^"),
    ENDS_WITH("=$");

    private final String symbol;

    FilterOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    static FilterOperator fromSymbol(String symbol) {
        for (FilterOperator op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        throw new IllegalArgumentException(symbol);
    }

    boolean test(String actual, String expected) {
        String value = actual == null ? "" : actual;
        return switch (this) {
            case EQUALS -> value.equals(expected);
            case NOT_EQUALS -> !value.equals(expected);
            case LESS_OR_EQUAL -> value.compareTo(expected) <= 0;
            case GREATER_OR_EQUAL -> value.compareTo(expected) >= 0;
            case CONTAINS -> lower(value).contains(lower(expected));
            case NOT_CONTAINS -> !lower(value).contains(lower(expected));
            case STARTS_WITH -> lower(value).startsWith(lower(expected));
            case ENDS_WITH -> lower(value).endsWith(lower(expected));
        };
    }

    boolean test(long actual, long expected) {
        return switch (this) {
            case EQUALS -> actual == expected;
            case NOT_EQUALS -> actual != expected;
            case LESS_OR_EQUAL -> actual <= expected;
            case GREATER_OR_EQUAL -> actual >= expected;
            // text operators on a number work on its decimal form ("value=@5" matches 25 and 150)
            default -> test(Long.toString(actual), Long.toString(expected));
        };
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
