package io.kindred.scheduleradapter.backend;

import java.util.Map;

/**
 * What a pod must carry to join its gang, before a scheduler sees it: the backend's group key and, where the
 * backend reads them from pods, sub-group, queue and priority.
 */
public record PodBinding(String groupName, Map<String, String> labels, Map<String, String> annotations) {

    public PodBinding {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
