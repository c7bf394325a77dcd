package io.kindred.scheduleradapter.backend;

import io.kindred.events.GangBackend;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.gang.SubGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Volcano, {@code scheduling.volcano.sh/v1beta1} PodGroup. Sub-gangs become tasks: {@code minTaskMember} per
 * sub-group, and each pod names its task with the {@code volcano.sh/task-spec} annotation. Pods join by the
 * {@code scheduling.k8s.io/group-name} annotation. Volcano's pg-controller gives a pod without that annotation a
 * group of its own and schedules it alone, so pods are held by a scheduling gate until bound and their group exists.
 */
public final class VolcanoBackend extends Backend {

    public static final String GROUP_ANNOTATION = "scheduling.k8s.io/group-name";
    public static final String TASK_ANNOTATION = "volcano.sh/task-spec";
    public static final String QUEUE_ANNOTATION = "scheduling.volcano.sh/queue-name";
    public static final String PREEMPTABLE_ANNOTATION = "volcano.sh/preemptable";

    @Override
    public GangBackend id() {
        return GangBackend.VOLCANO;
    }

    @Override
    public String apiVersion() {
        return "scheduling.volcano.sh/v1beta1";
    }

    @Override
    public List<String> problems(GangGroup group) {
        List<String> problems = new ArrayList<>();
        checkMinimums(group, 0, problems, "Volcano");
        checkPreemptibility(group, problems, "Volcano");
        return problems;
    }

    @Override
    protected Map<String, Object> spec(GangGroup group) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minMember", group.minMember());
        if (!group.subGroups().isEmpty()) {
            Map<String, Object> tasks = new LinkedHashMap<>();
            for (SubGroup subGroup : group.subGroups()) {
                tasks.put(subGroup.name(), subGroup.minMember());
            }
            spec.put("minTaskMember", tasks);
        }
        SchedulingPolicy policy = group.policy();
        putIfPresent(spec, "queue", policy.queue());
        putIfPresent(spec, "priorityClassName", policy.priorityClassName());
        return spec;
    }

    @Override
    public PodBinding binding(GangGroup group, SubGroup subGroup) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(GROUP_ANNOTATION, group.name());
        if (subGroup != null) {
            annotations.put(TASK_ANNOTATION, subGroup.name());
        }
        SchedulingPolicy policy = group.policy();
        if (policy.queue() != null) {
            annotations.put(QUEUE_ANNOTATION, policy.queue());
        }
        if (policy.preemptibility() != null) {
            annotations.put(PREEMPTABLE_ANNOTATION, Boolean.toString(policy.preemptibility().equals("preemptible")));
        }
        return new PodBinding(group.name(), Map.of(), annotations);
    }

    @Override
    public boolean needsSchedulingGate() {
        return true;
    }

    @Override
    protected String groupKey() {
        return GROUP_ANNOTATION;
    }

    @Override
    protected boolean groupKeyIsLabel() {
        return false;
    }
}
