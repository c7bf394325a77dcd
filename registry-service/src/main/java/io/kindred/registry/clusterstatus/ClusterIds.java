package io.kindred.registry.clusterstatus;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Run:ai's {@code clusterId} is a UUID. A status mapper configured with a UUID as its cluster id is shown with that
 * id; any other id (e.g. {@code eu-west-1}) is shown as the name-based UUID of {@code "kindred-cluster:" + id}
 * ({@link UUID#nameUUIDFromBytes}, version 3), the same in every registry instance and across restarts.
 */
public final class ClusterIds {

    static final String NAMESPACE = "kindred-cluster:";

    private ClusterIds() {
    }

    public static String toApi(String clusterId) {
        try {
            UUID uuid = UUID.fromString(clusterId);
            // fromString also accepts non-canonical forms ("1-1-1-1-1"); only a canonical one is shown as it is
            if (uuid.toString().equals(clusterId.toLowerCase(Locale.ROOT))) {
                return uuid.toString();
            }
        } catch (IllegalArgumentException notAUuid) {
            // derived below
        }
        return UUID.nameUUIDFromBytes((NAMESPACE + clusterId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
