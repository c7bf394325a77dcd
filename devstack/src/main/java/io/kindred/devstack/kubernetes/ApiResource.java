package io.kindred.devstack.kubernetes;

import java.util.List;

/**
 * One resource the mock API server serves, as discovery describes it.
 *
 * @param subresources {@code status} and/or {@code scale}
 */
record ApiResource(String group, String version, String kind, String plural, String singular, boolean namespaced,
        List<String> shortNames, List<String> categories, List<String> subresources) {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update",
            "watch");
    static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    ApiResource {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of its group version: {@code /api/v1} or {@code /apis/group/version}. */
    String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
