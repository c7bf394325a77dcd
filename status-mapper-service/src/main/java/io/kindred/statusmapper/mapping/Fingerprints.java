package io.kindred.statusmapper.mapping;

import java.util.List;

import io.kindred.events.ComponentScale;

/**
 * Compact forms of the parts of a status event that decide whether it is worth publishing. They are computed the
 * same way from a fresh evaluation and from an event read back from the state store, so the two compare equal
 * exactly when the platform-visible content is equal.
 */
final class Fingerprints {

    /** Statuses an RI can define, as bits; any other name switches to a hash (bit 31 set) so it still compares right. */
    private static final List<String> KNOWN_STATUSES = List.of("initializing", "running", "degraded", "completed", "failed", "undefined");
    private static final int HASHED = 1 << 31;

    static final long NO_GENERATION = Long.MIN_VALUE;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Fingerprints() {
    }

    /** Order-sensitive: the RI reports matches in a fixed order, so a different order means a different RI result. */
    static int matchedStatuses(List<String> names) {
        int mask = 0;
        boolean allKnown = true;
        for (int i = 0; i < names.size(); i++) {
            int bit = KNOWN_STATUSES.indexOf(names.get(i).toLowerCase(java.util.Locale.ROOT));
            if (bit < 0) {
                allKnown = false;
                break;
            }
            mask |= 1 << bit;
        }
        if (allKnown) {
            return mask;
        }
        return names.hashCode() | HASHED;
    }

    /** 64-bit FNV-1a over every (component, instance, replicas, min, max) in order. */
    static long scales(List<ComponentScale> components) {
        long h = FNV_OFFSET;
        for (int i = 0; i < components.size(); i++) {
            ComponentScale c = components.get(i);
            h = mix(h, c.getComponent());
            h = mix(h, c.getInstanceId());
            h = mix(h, c.getReplicas());
            h = mix(h, c.getMinReplicas());
            h = mix(h, c.getMaxReplicas());
        }
        return h;
    }

    static long generation(Long generation) {
        return generation == null ? NO_GENERATION : generation;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return (h ^ 0x1f) * FNV_PRIME; // separator, so ("ab","c") and ("a","bc") differ
    }

    private static long mix(long h, Integer value) {
        long v = value == null ? 0x5a5a5a5a5a5aL : value;
        for (int shift = 0; shift < 64; shift += 8) {
            h = (h ^ ((v >>> shift) & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}
