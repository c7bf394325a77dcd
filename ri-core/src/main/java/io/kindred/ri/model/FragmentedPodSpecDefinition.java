package io.kindred.ri.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the pieces of a pod spec live when the workload has no pod template (e.g. NIMService). Every field is a
 * jq path on the workload object, or {@code null}.
 */
public record FragmentedPodSpecDefinition(
        String schedulerNamePath,
        String labelsPath,
        String annotationsPath,
        String resourcesPath,
        String resourceClaimsPath,
        String podAffinityPath,
        String nodeAffinityPath,
        String containersPath,
        String containerPath,
        String priorityClassNamePath,
        String imagePath) {

    /** The paths that are set, keyed by field name, in schema order. */
    public Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        put(paths, "schedulerNamePath", schedulerNamePath);
        put(paths, "labelsPath", labelsPath);
        put(paths, "annotationsPath", annotationsPath);
        put(paths, "resourcesPath", resourcesPath);
        put(paths, "resourceClaimsPath", resourceClaimsPath);
        put(paths, "podAffinityPath", podAffinityPath);
        put(paths, "nodeAffinityPath", nodeAffinityPath);
        put(paths, "containersPath", containersPath);
        put(paths, "containerPath", containerPath);
        put(paths, "priorityClassNamePath", priorityClassNamePath);
        put(paths, "imagePath", imagePath);
        return paths;
    }

    private static void put(Map<String, String> paths, String name, String value) {
        if (value != null) {
            paths.put(name, value);
        }
    }
}
