package io.kindred.registry.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids of the built-in categories and priorities. They are name-based UUIDs (RFC 4122 version 5) in a fixed Kindred
 * namespace, so every installation gives "Train" or "high" the same id and scripts can hard-code them.
 */
public final class StableIds {

    /** uuid5(NAMESPACE_URL, "https://kindred.io/workload-properties"); never change it: ids are published. */
    public static final UUID NAMESPACE = UUID.fromString("771600ec-aff5-5b2e-81ac-41e1d9e52a40");

    private StableIds() {
    }

    public static UUID category(String name) {
        return nameBased(NAMESPACE, "category:" + name);
    }

    public static UUID priority(String name) {
        return nameBased(NAMESPACE, "priority:" + name);
    }

    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
