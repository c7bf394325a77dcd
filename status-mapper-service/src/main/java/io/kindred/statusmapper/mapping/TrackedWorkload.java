package io.kindred.statusmapper.mapping;

import io.kindred.events.AbstractState;

/**
 * What the service remembers about one workload between two watch events: exactly what the next comparison needs
 * (the abstract state, the matched statuses, a fingerprint of the component scales, the generation) and nothing of
 * the object itself. Immutable; a transition replaces the instance.
 * <p>
 * Layout (64-bit JVM, compressed oops): 12-byte header + 2 longs + 2 ints + byte + boolean = 40 bytes.
 */
public final class TrackedWorkload {

    private static final AbstractState[] STATES = AbstractState.values();

    /** Index of the workload type in {@link WorkloadKinds}. */
    final int kind;
    final byte state;
    /** False once Kafka failed the record announcing this state (it is republished): see {@link #unconfirmed()}. */
    final boolean confirmed;
    final int matchedStatuses;
    final long scales;
    final long generation;

    TrackedWorkload(int kind, AbstractState state, boolean confirmed, int matchedStatuses, long scales, long generation) {
        this.kind = kind;
        this.state = (byte) state.ordinal();
        this.confirmed = confirmed;
        this.matchedStatuses = matchedStatuses;
        this.scales = scales;
        this.generation = generation;
    }

    public AbstractState state() {
        return STATES[state];
    }

    public int kind() {
        return kind;
    }

    /** True when the object still looks the same to the platform: nothing to publish. */
    boolean sameAs(AbstractState otherState, int otherMatched, long otherScales, long otherGeneration) {
        return confirmed && state == otherState.ordinal() && matchedStatuses == otherMatched && scales == otherScales
                && generation == otherGeneration;
    }

    /**
     * The same state marked as not published: the next evaluation of the object publishes again even if nothing
     * changed, so a record lost to a Kafka failure is replaced at the latest on the next resync.
     */
    TrackedWorkload unconfirmed() {
        return new TrackedWorkload(kind, state(), false, matchedStatuses, scales, generation);
    }

    /** The same state marked as published again. */
    TrackedWorkload confirmed() {
        return new TrackedWorkload(kind, state(), true, matchedStatuses, scales, generation);
    }

    /** True when both announce the same state, whether confirmed or not. */
    boolean sameAs(TrackedWorkload other) {
        return kind == other.kind && state == other.state && matchedStatuses == other.matchedStatuses
                && scales == other.scales && generation == other.generation;
    }
}
