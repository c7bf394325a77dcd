package io.kindred.registry.workloadtypes;

/**
 * How the Kubernetes core API group is spelled on the Workload Types API. Kubernetes names it {@code ""} (that is what
 * {@code apiVersion: v1}, the RIs, the informers and the {@code workload-types} events use), but Run:ai's schema
 * requires every {@code group} to match {@code ^[a-z](?:[a-z0-9.-]*[a-z0-9])?$}, so Run:ai's own SDK refuses a
 * response holding {@code ""}. The API therefore says {@code core} — the name Kubernetes' API reference gives that
 * group — and accepts both {@code core} and {@code ""} on input. No real API group is called {@code core}.
 */
public final class ApiGroups {

    /** The core group as the API shows it. */
    public static final String CORE = "core";

    private ApiGroups() {
    }

    /** The stored (Kubernetes) group as the API shows it. */
    public static String toApi(String kubernetesGroup) {
        return kubernetesGroup == null || kubernetesGroup.isEmpty() ? CORE : kubernetesGroup;
    }

    /** A group received on the API as the Kubernetes group: {@code core} and {@code ""} both mean the core group. */
    public static String fromApi(String apiGroup) {
        return apiGroup == null ? null : CORE.equals(apiGroup) ? "" : apiGroup;
    }

    /** Whether a group received on the API names the core group. */
    public static boolean isCore(String apiGroup) {
        return apiGroup != null && (apiGroup.isEmpty() || CORE.equals(apiGroup));
    }
}
