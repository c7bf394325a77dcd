package io.kindred.registry.filter;

import java.util.function.Function;

/**
 * A field that {@code filterBy} (and, for some lists, {@code sortBy}) may name, with how to read it from an item.
 * Numeric fields compare as numbers; their filter value must be an integer.
 */
public record FilterField<T>(String name, Function<T, String> text, java.util.function.ToLongFunction<T> number) {

    public static <T> FilterField<T> text(String name, Function<T, String> accessor) {
        return new FilterField<>(name, accessor, null);
    }

    public static <T> FilterField<T> number(String name, java.util.function.ToLongFunction<T> accessor) {
        return new FilterField<>(name, item -> Long.toString(accessor.applyAsLong(item)), accessor);
    }

    boolean numeric() {
        return number != null;
    }
}
