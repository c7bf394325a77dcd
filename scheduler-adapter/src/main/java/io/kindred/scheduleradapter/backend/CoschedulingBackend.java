package io.kindred.scheduleradapter.backend;

import io.kindred.events.GangBackend;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.SubGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scheduler-plugins coscheduling, {@code scheduling.x-k8s.io/v1alpha1} PodGroup: a flat quorum ({@code minMember >=
 * 1}) and nothing else — no sub-groups, queue or priority. A gang whose sub-gangs are all fixed-size is expressed
 * exactly by the flat sum; an elastic sub-gang is not (any pods up to the sum would satisfy the quorum, e.g. three
 * workers and no master), so such a gang is refused. Pods join by the {@code scheduling.x-k8s.io/pod-group} label;
 * a pod without it is scheduled alone, so pods are held by a scheduling gate until bound and their group exists.
 */
public final class CoschedulingBackend extends Backend {

    public static final String GROUP_LABEL = "scheduling.x-k8s.io/pod-group";

    @Override
    public GangBackend id() {
        return GangBackend.COSCHEDULING;
    }

    @Override
    public String apiVersion() {
        return "scheduling.x-k8s.io/v1alpha1";
    }

    @Override
    public List<String> problems(GangGroup group) {
        List<String> problems = new ArrayList<>();
        checkMinimums(group, 1, problems, "coscheduling");
        for (SubGroup subGroup : group.subGroups()) {
            if (subGroup.isElastic()) {
                problems.add("coscheduling has no sub-groups, and sub-group " + subGroup.name() + " is elastic (min "
                        + subGroup.minMember() + " of " + subGroup.maxMember() + "): a flat minMember "
                        + group.minMember() + " would let other pods stand in for its minimum");
            }
        }
        return problems;
    }

    @Override
    protected Map<String, Object> spec(GangGroup group) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minMember", group.minMember());
        return spec;
    }

    @Override
    public PodBinding binding(GangGroup group, SubGroup subGroup) {
        return new PodBinding(group.name(), Map.of(GROUP_LABEL, group.name()), Map.of());
    }

    @Override
    public boolean needsSchedulingGate() {
        return true;
    }

    @Override
    protected String groupKey() {
        return GROUP_LABEL;
    }

    @Override
    protected boolean groupKeyIsLabel() {
        return true;
    }
}
