package io.kindred.registry.filter;

import io.kindred.registry.errors.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses Run:ai's {@code filterBy} query parameter for one list endpoint. Run:ai's own Python SDK joins the
 * filters with commas into one parameter while other clients repeat the parameter, so both forms are accepted,
 * and mixed. All filters must hold (AND). A malformed filter is a 400 that names it and lists what is accepted.
 */
public final class FilterParser<T> {

    private static final String OPERATORS = "(==|!=|<=|>=|=@|!@|=\\^|=\\$)";

    private final Map<String, FilterField<T>> fields = new LinkedHashMap<>();
    private final Pattern pattern;

    @SafeVarargs
    public FilterParser(FilterField<T>... allowed) {
        for (FilterField<T> field : allowed) {
            fields.put(field.name(), field);
        }
        String names = fields.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"));
        pattern = Pattern.compile("^(" + names + ")" + OPERATORS + "(.+)$", Pattern.DOTALL);
    }

    /** @param parameters every value of the {@code filterBy} parameter as received; null or empty = no filter */
    public Predicate<T> parse(List<String> parameters) {
        List<FilterExpression<T>> expressions = expressions(parameters);
        return item -> expressions.stream().allMatch(expression -> expression.test(item));
    }

    /**
     * The terms themselves, for a list that filters in its database query instead of in memory.
     *
     * @param parameters every value of the {@code filterBy} parameter as received; null or empty = no filter
     */
    public List<FilterExpression<T>> expressions(List<String> parameters) {
        List<FilterExpression<T>> expressions = new ArrayList<>();
        if (parameters != null) {
            for (String parameter : parameters) {
                for (String term : parameter.split(",", -1)) {
                    expressions.add(parseTerm(term.trim()));
                }
            }
        }
        return expressions;
    }

    private FilterExpression<T> parseTerm(String term) {
        Matcher matcher = pattern.matcher(term);
        if (!matcher.matches()) {
            throw ApiException.badRequest("Invalid filterBy '" + term + "': expected <field><operator><value> with field one of "
                    + String.join(", ", fields.keySet()) + " and operator one of == != <= >= =@ !@ =^ =$");
        }
        FilterField<T> field = fields.get(matcher.group(1));
        FilterOperator operator = FilterOperator.fromSymbol(matcher.group(2));
        String value = matcher.group(3);
        long numericValue = 0;
        if (field.numeric()) {
            try {
                numericValue = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid filterBy '" + term + "': " + field.name() + " is a number, '" + value
                        + "' is not an integer");
            }
        }
        return new FilterExpression<>(field, operator, value, numericValue);
    }
}
