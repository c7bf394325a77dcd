package io.kindred.ri.update;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to write into the pods a workload will create: labels and annotations to add (existing keys with other
 * values are overwritten, other keys are kept), and optionally a scheduler name and a priority class name.
 * {@code null} scheduler or priority class name means "leave as is".
 */
public record PodStamp(
        Map<String, String> labels,
        Map<String, String> annotations,
        String schedulerName,
        String priorityClassName) {

    public PodStamp {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        labels.forEach((k, v) -> requireText("label", k, v));
        annotations.forEach((k, v) -> requireText("annotation", k, v));
    }

    private static void requireText(String what, String key, String value) {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("a " + what + " needs a non-empty key and a non-null value: " + key + "=" + value);
        }
    }

    /** A stamp that writes nothing. */
    public static PodStamp empty() {
        return new PodStamp(null, null, null, null);
    }

    public PodStamp withLabel(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return new PodStamp(copy, annotations, schedulerName, priorityClassName);
    }

    public PodStamp withAnnotation(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(annotations);
        copy.put(key, value);
        return new PodStamp(labels, copy, schedulerName, priorityClassName);
    }

    public PodStamp withSchedulerName(String value) {
        return new PodStamp(labels, annotations, value, priorityClassName);
    }

    public PodStamp withPriorityClassName(String value) {
        return new PodStamp(labels, annotations, schedulerName, value);
    }

    /** True when the stamp writes nothing. */
    public boolean isEmpty() {
        return labels.isEmpty() && annotations.isEmpty() && schedulerName == null && priorityClassName == null;
    }
}
