package io.kindred.ri.model;

/** Matches when {@code (expression) | tostring} equals {@code expectedResult}. */
public record ExpressionMatcher(String expression, String expectedResult) {
}
