package io.kindred.ri.model;

import java.util.List;

/** Null-tolerant list copying for the records' compact constructors. */
final class Lists {
    private Lists() {
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
