package io.kindred.ri.status;

import java.util.Collection;
import java.util.List;

/**
 * The one state the platform keeps per workload.
 *
 * <p>When several statuses of an RI match at once, the state is the one with the highest precedence:
 * FAILED &gt; COMPLETED &gt; DEGRADED &gt; RUNNING &gt; INITIALIZING. The reasoning: a terminal outcome outranks
 * anything in flight (a finished job still carries its Running condition), failure outranks success (a
 * partially failed gang is not a success), and impairment outranks plain progress. None matched is UNDEFINED.
 */
public enum RiState {
    INITIALIZING("Initializing", 1),
    RUNNING("Running", 2),
    DEGRADED("Degraded", 3),
    COMPLETED("Completed", 4),
    FAILED("Failed", 5),
    UNDEFINED("Undefined", 0);

    /** The order in which the reference implementation evaluates and reports statuses. */
    public static final List<RiState> MATCHING_ORDER = List.of(RUNNING, FAILED, COMPLETED, INITIALIZING, DEGRADED);

    private final String displayName;
    private final int precedence;

    RiState(String displayName, int precedence) {
        this.displayName = displayName;
        this.precedence = precedence;
    }

    /** "Initializing", "Running", … as RIs and the Run:ai API spell them. */
    public String displayName() {
        return displayName;
    }

    /** Higher wins when several statuses match; UNDEFINED is 0. */
    public int precedence() {
        return precedence;
    }

    /**
     * The state with this display name (or enum name), ignoring case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static RiState fromDisplayName(String name) {
        for (RiState state : values()) {
            if (state.displayName.equalsIgnoreCase(name) || state.name().equalsIgnoreCase(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state \"" + name + "\"; expected one of Initializing, Running, "
                + "Degraded, Completed, Failed, Undefined");
    }

    /** The state of highest precedence among {@code matched}, or UNDEFINED when there is none. */
    public static RiState resolve(Collection<RiState> matched) {
        RiState best = UNDEFINED;
        for (RiState state : matched) {
            if (state.precedence > best.precedence) {
                best = state;
            }
        }
        return best;
    }
}
