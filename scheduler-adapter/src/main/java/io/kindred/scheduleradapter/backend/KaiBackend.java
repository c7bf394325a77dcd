package io.kindred.scheduleradapter.backend;

import io.kindred.events.GangBackend;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.gang.SubGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * KAI Scheduler, {@code scheduling.run.ai/v2alpha2} PodGroup. Sub-gangs become {@code subGroups} (leaves with
 * {@code minMember}) under a root {@code minSubGroup} equal to their number — every sub-gang must reach its own
 * minimum, which is what the flat minMember they add up to means. Pods join by the {@code pod-group-name}
 * annotation and the {@code kai.scheduler/subgroup-name} label; KAI does not schedule a pod whose PodGroup does
 * not exist, so no scheduling gate is needed.
 */
public final class KaiBackend extends Backend {

    public static final String GROUP_ANNOTATION = "pod-group-name";
    public static final String SUBGROUP_LABEL = "kai.scheduler/subgroup-name";
    public static final String QUEUE_LABEL = "kai.scheduler/queue";
    public static final String PRIORITY_LABEL = "priorityClassName";
    public static final String PREEMPTIBILITY_LABEL = "kai.scheduler/preemptibility";

    /** The rules of KAI's own PodGroup webhook (podgroup_webhook.go), checked before anything is written. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Override
    public GangBackend id() {
        return GangBackend.KAI;
    }

    @Override
    public String apiVersion() {
        return "scheduling.run.ai/v2alpha2";
    }

    @Override
    public List<String> problems(GangGroup group) {
        List<String> problems = new ArrayList<>();
        checkMinimums(group, 0, problems, "KAI");
        Set<String> names = new HashSet<>();
        for (SubGroup subGroup : group.subGroups()) {
            if (!DNS_LABEL.matcher(subGroup.name()).matches()) {
                problems.add("KAI needs sub-group names that are DNS labels; '" + subGroup.name() + "' is not");
            }
            if (!names.add(subGroup.name())) {
                problems.add("KAI refuses duplicate sub-group names; '" + subGroup.name() + "' appears twice");
            }
            if (subGroup.minMember() < 0) {
                problems.add("KAI needs minMember >= 0 in sub-group " + subGroup.name());
            }
        }
        checkPreemptibility(group, problems, "KAI");
        return problems;
    }

    @Override
    protected Map<String, Object> spec(GangGroup group) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (group.subGroups().isEmpty()) {
            spec.put("minMember", group.minMember());
        } else {
            spec.put("minSubGroup", group.subGroups().size());
            List<Map<String, Object>> subGroups = new ArrayList<>();
            for (SubGroup subGroup : group.subGroups()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", subGroup.name());
                entry.put("minMember", subGroup.minMember());
                subGroups.add(entry);
            }
            spec.put("subGroups", subGroups);
        }
        SchedulingPolicy policy = group.policy();
        putIfPresent(spec, "queue", policy.queue());
        putIfPresent(spec, "priorityClassName", policy.priorityClassName());
        putIfPresent(spec, "preemptibility", policy.preemptibility());
        return spec;
    }

    @Override
    public PodBinding binding(GangGroup group, SubGroup subGroup) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (subGroup != null) {
            labels.put(SUBGROUP_LABEL, subGroup.name());
        }
        SchedulingPolicy policy = group.policy();
        if (policy.queue() != null) {
            labels.put(QUEUE_LABEL, policy.queue());
        }
        if (policy.priorityClassName() != null) {
            labels.put(PRIORITY_LABEL, policy.priorityClassName());
        }
        if (policy.preemptibility() != null) {
            labels.put(PREEMPTIBILITY_LABEL, policy.preemptibility());
        }
        return new PodBinding(group.name(), labels, Map.of(GROUP_ANNOTATION, group.name()));
    }

    @Override
    public boolean needsSchedulingGate() {
        return false;
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
