package io.kindred.scheduleradapter.backend;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kindred.events.GangBackend;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.Root;
import io.kindred.scheduleradapter.gang.SubGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A gang scheduler the adapter renders PodGroups for: what it can express, its PodGroup object and how a pod joins
 * a group. One implementation per scheduler; the adapter runs with one of them (configuration).
 */
public abstract class Backend {

    /** Label on every PodGroup the adapter made, so it can list (and only ever touch) its own. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "kindred-scheduler-adapter";
    /** Label with the root's UID: the groups of one workload. */
    public static final String WORKLOAD_UID_LABEL = "kindred.io/workload-uid";
    /** Annotation naming the root, for a person reading the PodGroup. */
    public static final String WORKLOAD_ANNOTATION = "kindred.io/workload";

    /** The name used in configuration and in directives (KAI, VOLCANO, COSCHEDULING). */
    public abstract GangBackend id();

    public abstract String apiVersion();

    public String group() {
        return apiVersion().substring(0, apiVersion().indexOf('/'));
    }

    public String version() {
        return apiVersion().substring(apiVersion().indexOf('/') + 1);
    }

    public String kind() {
        return "PodGroup";
    }

    public String plural() {
        return "podgroups";
    }

    /**
     * Why this backend cannot express {@code group} as the gang it is (empty when it can). The adapter refuses
     * such a gang instead of writing a weaker one.
     */
    public abstract List<String> problems(GangGroup group);

    /** The PodGroup object, owned by the root (no blockOwnerDeletion: no finalizer rights needed on any kind). */
    public GenericKubernetesResource render(GangGroup group, Root root) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(apiVersion());
        resource.setKind(kind());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(WORKLOAD_UID_LABEL, root.uid());
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(group.name())
                .withNamespace(root.namespace())
                .withLabels(labels)
                .withAnnotations(Map.of(WORKLOAD_ANNOTATION, root.describe()))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(root.apiVersion())
                        .withKind(root.kind())
                        .withName(root.name())
                        .withUid(root.uid())
                        .withController(false)
                        .withBlockOwnerDeletion(false)
                        .build())
                .build());
        resource.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec(group))));
        return resource;
    }

    /** The PodGroup's spec. */
    protected abstract Map<String, Object> spec(GangGroup group);

    /** The group a pod names through this backend's binding key, or {@code null}. */
    public String boundGroup(Map<String, String> labels, Map<String, String> annotations) {
        return groupKeyIsLabel() ? labels.get(groupKey()) : annotations.get(groupKey());
    }

    /** The label or annotation key by which a pod names its group. */
    protected abstract String groupKey();

    protected abstract boolean groupKeyIsLabel();

    /** What a pod of {@code group} (sub-group {@code subGroup}, possibly {@code null}) carries. */
    public abstract PodBinding binding(GangGroup group, SubGroup subGroup);

    /**
     * True when the scheduler would place a pod that does not (yet) carry its binding, or whose group does not
     * exist yet, on its own: then the adapter's webhook holds such pods with a scheduling gate until both are
     * there. KAI ignores a pod until its PodGroup exists, so it needs none.
     */
    public abstract boolean needsSchedulingGate();

    /** {@code kai}, {@code volcano}, {@code coscheduling} → the backend; anything else is refused with the choices. */
    public static Backend named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "kai" -> new KaiBackend();
            case "volcano" -> new VolcanoBackend();
            case "coscheduling" -> new CoschedulingBackend();
            default -> throw new IllegalArgumentException("kindred.adapter.backend: unknown backend '" + name
                    + "'; choose kai, volcano or coscheduling");
        };
    }

    static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static void checkPreemptibility(GangGroup group, List<String> problems, String backend) {
        String preemptibility = group.policy().preemptibility();
        if (preemptibility != null && !preemptibility.equals("preemptible") && !preemptibility.equals("non-preemptible")) {
            problems.add(backend + " accepts preemptibility 'preemptible' or 'non-preemptible', not '" + preemptibility + "'");
        }
    }

    static void checkMinimums(GangGroup group, int floor, List<String> problems, String backend) {
        if (group.minMember() < floor) {
            problems.add(backend + " needs minMember >= " + floor + "; group " + group.name() + " has "
                    + group.minMember());
        }
    }
}
