package io.kindred.registry.filter;

/** One parsed {@code filterBy} term such as {@code name=^Py}: a field, an operator and the value to compare with. */
public record FilterExpression<T>(FilterField<T> field, FilterOperator operator, String value, long numericValue)
        implements java.util.function.Predicate<T> {

    @Override
    public boolean test(T item) {
        if (field.numeric()) {
            return operator.test(field.number().applyAsLong(item), numericValue);
        }
        return operator.test(field.text().apply(item), value);
    }

    @Override
    public String toString() {
        return field.name() + operator.symbol() + value;
    }
}
