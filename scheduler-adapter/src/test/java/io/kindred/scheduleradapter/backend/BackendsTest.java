package io.kindred.scheduleradapter.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.Root;
import io.kindred.scheduleradapter.gang.SchedulingPolicy;
import io.kindred.scheduleradapter.gang.SubGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private static final Root ROOT = new Root("kubeflow.org", "v1", "PyTorchJob", "team-a", "mnist", "u-1");
    private static final SchedulingPolicy POLICY = new SchedulingPolicy("research", "train", "preemptible");
    private static final GangGroup ROLES = new GangGroup("kindred-u-1-job", "job", null, null, 4,
            List.of(new SubGroup("master", "master", null, 1, 1), new SubGroup("worker", "worker", null, 3, 3)), POLICY);
    private static final GangGroup ELASTIC = new GangGroup("kindred-u-1-job", "job", null, null, 3,
            List.of(new SubGroup("master", "master", null, 1, 1), new SubGroup("worker", "worker", null, 2, 4)), POLICY);
    private static final GangGroup EMPTY = new GangGroup("kindred-u-1-job", "job", null, null, 0, List.of(), POLICY);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @Test
    void kaiRendersSubGroupsUnderAMinSubGroupOwnedByTheRootWithoutBlockingItsDeletion() {
        Backend kai = Backend.named("kai");
        GenericKubernetesResource group = kai.render(ROLES, ROOT);
        assertThat(group.getApiVersion()).isEqualTo("scheduling.run.ai/v2alpha2");
        assertThat(spec(group)).containsEntry("minSubGroup", 2).doesNotContainKey("minMember")
                .containsEntry("queue", "research").containsEntry("priorityClassName", "train")
                .containsEntry("preemptibility", "preemptible")
                .containsEntry("subGroups", List.of(Map.of("name", "master", "minMember", 1),
                        Map.of("name", "worker", "minMember", 3)));
        assertThat(group.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo("u-1");
            assertThat(owner.getBlockOwnerDeletion()).isFalse();
            assertThat(owner.getController()).isFalse();
        });
        assertThat(group.getMetadata().getLabels()).containsEntry(Backend.WORKLOAD_UID_LABEL, "u-1");
        assertThat(kai.problems(ROLES)).isEmpty();
        PodBinding worker = kai.binding(ROLES, ROLES.subGroups().get(1));
        assertThat(worker.annotations()).containsEntry("pod-group-name", "kindred-u-1-job");
        assertThat(worker.labels()).containsEntry("kai.scheduler/subgroup-name", "worker")
                .containsEntry("kai.scheduler/queue", "research").containsEntry("priorityClassName", "train");
        assertThat(kai.needsSchedulingGate()).isFalse();
        assertThat(kai.boundGroup(worker.labels(), worker.annotations())).isEqualTo("kindred-u-1-job");
    }

    @Test
    void kaiRefusesWhatItsWebhookRefuses() {
        GangGroup badNames = new GangGroup("g", "job", null, null, 2, List.of(new SubGroup("a", "a", null, 1, 1),
                new SubGroup("a", "b", null, 1, 1)), new SchedulingPolicy(null, null, "sometimes"));
        assertThat(Backend.named("kai").problems(badNames)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("duplicate sub-group"))
                .anySatisfy(p -> assertThat(p).contains("preemptibility"));
    }

    @Test
    void volcanoRendersSubGroupsAsTasks() {
        Backend volcano = Backend.named("volcano");
        GenericKubernetesResource group = volcano.render(ELASTIC, ROOT);
        assertThat(group.getApiVersion()).isEqualTo("scheduling.volcano.sh/v1beta1");
        assertThat(spec(group)).containsEntry("minMember", 3)
                .containsEntry("minTaskMember", Map.of("master", 1, "worker", 2)).containsEntry("queue", "research");
        PodBinding worker = volcano.binding(ELASTIC, ELASTIC.subGroups().get(1));
        assertThat(worker.annotations()).containsEntry("scheduling.k8s.io/group-name", "kindred-u-1-job")
                .containsEntry("volcano.sh/task-spec", "worker");
        assertThat(volcano.needsSchedulingGate()).isTrue();
        assertThat(volcano.problems(ELASTIC)).isEmpty();
    }

    @Test
    void coschedulingExpressesFixedSubGroupsAsTheirSumAndRefusesElasticOnesAndMinMemberZero() {
        Backend coscheduling = Backend.named("coscheduling");
        assertThat(coscheduling.problems(ROLES)).isEmpty();
        assertThat(spec(coscheduling.render(ROLES, ROOT))).isEqualTo(Map.of("minMember", 4));
        assertThat(coscheduling.problems(ELASTIC)).singleElement().asString().contains("worker is elastic");
        assertThat(coscheduling.problems(EMPTY)).singleElement().asString().contains("minMember >= 1");
        PodBinding binding = coscheduling.binding(ROLES, null);
        assertThat(binding.labels()).isEqualTo(Map.of("scheduling.x-k8s.io/pod-group", "kindred-u-1-job"));
        assertThat(coscheduling.needsSchedulingGate()).isTrue();
    }

    @Test
    void anUnknownBackendNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Backend.named("yunikorn")).hasMessageContaining("kai, volcano or coscheduling");
    }
}
