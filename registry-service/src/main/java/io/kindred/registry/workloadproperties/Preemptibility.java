package io.kindred.registry.workloadproperties;

import java.util.Set;

/**
 * Run:ai's two preemptibility values, the one check every request field holding one goes through, and Run:ai's rule
 * for a type or workload that gives none.
 */
public final class Preemptibility {

    public static final String PREEMPTIBLE = "preemptible";
    public static final String NON_PREEMPTIBLE = "non-preemptible";

    private static final Set<String> VALUES = Set.of(PREEMPTIBLE, NON_PREEMPTIBLE);

    private Preemptibility() {
    }

    /** Null when the value is absent or one of the two; otherwise the message that names the allowed values. */
    public static String problemWith(String value) {
        return value == null || VALUES.contains(value) ? null
                : "'" + value + "' is not one of " + PREEMPTIBLE + ", " + NON_PREEMPTIBLE;
    }

    /** Run:ai's rule for a type without an explicit preemptibility: priority value 100 or more = non-preemptible. */
    public static String derived(int priorityValue) {
        return priorityValue >= 100 ? NON_PREEMPTIBLE : PREEMPTIBLE;
    }
}
