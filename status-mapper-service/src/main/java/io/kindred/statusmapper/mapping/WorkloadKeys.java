package io.kindred.statusmapper.mapping;

import java.util.UUID;

/**
 * Keys of the per-workload memory. Kubernetes UIDs are canonical UUIDs; held as {@link UUID} they take 32 bytes
 * instead of about 80 as a String. Anything else (a non-canonical UID) stays a String, so no UID is ever conflated.
 */
public final class WorkloadKeys {

    private WorkloadKeys() {
    }

    public static Object of(String uid) {
        if (uid.length() == 36 && uid.charAt(8) == '-' && uid.charAt(13) == '-' && uid.charAt(18) == '-'
                && uid.charAt(23) == '-') {
            try {
                UUID parsed = UUID.fromString(uid);
                if (parsed.toString().equals(uid)) {
                    return parsed;
                }
            } catch (IllegalArgumentException notAUuid) {
                // falls through to the String form
            }
        }
        return uid;
    }
}
