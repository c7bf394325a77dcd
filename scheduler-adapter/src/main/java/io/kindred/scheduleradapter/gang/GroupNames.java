package io.kindred.scheduleradapter.gang;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the PodGroups and sub-groups the adapter makes. A group is named {@code <prefix>-<root uid>} (the
 * default group of a workload without gang section) or {@code <prefix>-<root uid>-<requirement>[-<replica key>]}:
 * deterministic, so a redelivered event or another replica computes the same name, and keyed by the root's UID, so
 * a workload deleted and created again under the same name never adopts the old group.
 *
 * <p>Names are at most 63 characters of {@code [a-z0-9-]}, starting and ending alphanumeric: a valid DNS label,
 * which is also a valid label value (coscheduling binds pods by a label whose value is the group's name). When a
 * suffix has to be changed to fit (upper case, other characters, length), it is shortened and followed by eight
 * hex digits of the SHA-256 of the original suffix, so two different suffixes never end up with one name.
 */
public final class GroupNames {

    public static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 8;

    private GroupNames() {
    }

    /** The group of a workload whose RI declares no gang section. */
    public static String defaultGroup(String prefix, String rootUid) {
        return label(prefix + "-" + rootUid, "");
    }

    /** The group of one requirement of ri-core's {@code podGroups}. */
    public static String requirementGroup(String prefix, String rootUid, String requirement) {
        return label(prefix + "-" + rootUid, requirement);
    }

    /** The concrete group of one replica of a per-replica requirement group. */
    public static String replicaGroup(String requirementGroup, String replicaKey) {
        return label(requirementGroup, replicaKey);
    }

    /** A sub-group name: a DNS label made from a component name (and instance id). */
    public static String subGroup(String component, String instanceId) {
        String raw = instanceId == null || instanceId.isEmpty() ? component : component + "-" + instanceId;
        return label("", raw);
    }

    /**
     * {@code base-suffix} as a DNS label. {@code base} must already be one (the prefix and a UID); {@code suffix} may
     * be anything.
     */
    static String label(String base, String suffix) {
        String cleanBase = base.toLowerCase(Locale.ROOT);
        if (suffix.isEmpty()) {
            return trimToLength(cleanBase, MAX_LENGTH);
        }
        String clean = sanitize(suffix);
        String joined = cleanBase.isEmpty() ? clean : cleanBase + "-" + clean;
        if (clean.equals(suffix) && !clean.isEmpty() && joined.length() <= MAX_LENGTH) {
            return joined;
        }
        String hash = hash(suffix);
        int room = MAX_LENGTH - hash.length() - 1 - (cleanBase.isEmpty() ? 0 : cleanBase.length() + 1);
        String shortened = trimToLength(clean, Math.max(room, 0));
        StringBuilder name = new StringBuilder(cleanBase);
        if (!shortened.isEmpty()) {
            if (name.length() > 0) {
                name.append('-');
            }
            name.append(shortened);
        }
        if (name.length() > 0) {
            name.append('-');
        }
        return name.append(hash).toString();
    }

    /** Lower case, every run of other characters as one '-', no '-' at either end. */
    private static String sanitize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean dash = false;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
                dash = false;
            } else if (!dash && sb.length() > 0) {
                sb.append('-');
                dash = true;
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '-') {
            end--;
        }
        return sb.substring(0, end);
    }

    private static String trimToLength(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max);
        int end = cut.length();
        while (end > 0 && cut.charAt(end - 1) == '-') {
            end--;
        }
        return cut.substring(0, end);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
