package io.kindred.scheduleradapter.workloadtypes;

/** The registered workload types, as the adapter looks them up. Thread-safe. */
public interface TypeDirectory {

    /** The registered kind {@code group/kind} at {@code version}, or {@code null} (not registered, or no RI for it). */
    RegisteredKind kind(String group, String version, String kind);

    /** True when {@code group/kind} is registered, at any version. */
    boolean isRegistered(String group, String kind);

    /** Splits an apiVersion into its group: {@code apps/v1} → {@code apps}, {@code v1} → {@code ""}. */
    static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    static String versionOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return apiVersion == null ? "" : apiVersion.substring(slash + 1);
    }
}
