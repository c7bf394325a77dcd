package io.kindred.scheduleradapter.gang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.ReportedScales;
import io.kindred.scheduleradapter.Workloads;
import org.junit.jupiter.api.Test;

class GangPlannerTest {

    private final GangPlanner planner = new GangPlanner("kindred");

    private Gang plan(String kind, ObjectNode object) {
        CompiledResourceInterface ri = Workloads.ri(kind);
        return planner.plan(ri, ReportedScales.of(ri.structure(object)), Workloads.uid(object), SchedulingPolicy.NONE);
    }

    @Test
    void aPyTorchJobWithOneMasterAndThreeWorkersIsOneGroupOfFourWithASubGroupPerRole() {
        ObjectNode job = Workloads.object("pytorchjob.yaml");
        Gang gang = plan("PyTorchJob", job);
        assertThat(gang.groups()).singleElement().satisfies(group -> {
            assertThat(group.name()).isEqualTo("kindred-11111111-2222-4333-8444-555555555555-job");
            assertThat(group.minMember()).isEqualTo(4);
            assertThat(group.subGroups()).extracting(SubGroup::name, SubGroup::minMember, SubGroup::maxMember)
                    .containsExactly(tuple("master", 1, 1), tuple("worker", 3, 3));
        });
    }

    @Test
    void elasticWorkersMakeTheGroupElasticNeverEverythingMandatory() {
        ObjectNode job = Workloads.object("pytorchjob.yaml");
        ((ObjectNode) job.path("spec")).putObject("elasticPolicy").put("minReplicas", 2).put("maxReplicas", 4);
        ((ObjectNode) job.path("spec").path("pytorchReplicaSpecs").path("Worker")).put("replicas", 4);
        GangGroup group = plan("PyTorchJob", job).groups().get(0);
        assertThat(group.minMember()).isEqualTo(3);
        assertThat(group.subGroups()).extracting(SubGroup::name, SubGroup::minMember, SubGroup::maxMember)
                .containsExactly(tuple("master", 1, 1), tuple("worker", 2, 4));
    }

    @Test
    void aLeaderWorkerSetIsOneGroupPerReplicaEachOfTheGroupSize() {
        ObjectNode lws = Workloads.object("leaderworkerset.yaml");
        Gang gang = plan("LeaderWorkerSet", lws);
        assertThat(gang.groups()).extracting(GangGroup::name, GangGroup::minMember, GangGroup::replicaKey)
                .containsExactly(
                        tuple("kindred-8e9f0a1b-2c3d-4e4f-9a6b-7c8d9e0f1a2b-group-0", 4, "0"),
                        tuple("kindred-8e9f0a1b-2c3d-4e4f-9a6b-7c8d9e0f1a2b-group-1", 4, "1"));
        assertThat(gang.replicaTemplates()).isEmpty();
    }

    @Test
    void aJobSetGetsTheGroupsItsResourceInterfaceDefines() {
        ObjectNode jobSet = Workloads.object("jobset.yaml");
        CompiledResourceInterface ri = Workloads.ri("JobSet");
        Gang gang = plan("JobSet", jobSet);
        var expected = ri.podGroups(jobSet);
        assertThat(gang.groups()).extracting(GangGroup::minMember)
                .containsExactlyElementsOf(expected.stream().map(r -> r.minMember()).toList());
        assertThat(gang.groups()).extracting(GangGroup::name).allSatisfy(name ->
                assertThat(name).startsWith("kindred-7d8e9f0a-1b2c-4d3e-8f5a-6b7c8d9e0f1a-"));
        assertThat(gang.groups()).extracting(GangGroup::minMember).as("AnyOrder: driver 1 + workers 2 x 4 in one gang")
                .containsExactly(9);
    }

    @Test
    void aDeploymentIsOneGroupForTheWholeWorkloadNeverOnePerReplicaSet() {
        Gang gang = plan("Deployment", Workloads.object("deployment.yaml"));
        assertThat(gang.groups()).singleElement().satisfies(group -> {
            assertThat(group.name()).startsWith("kindred-22222222-3333-4444-8555-666666666666");
            assertThat(group.minMember()).isEqualTo(1);
        });
    }

    @Test
    void aTypeWithoutGangSectionGetsOneGroupPerWorkloadWithMinMemberOne() {
        CompiledResourceInterface ri = Workloads.ri("Notebook");
        assertThat(ri.spec().podGroups()).isEmpty();
        Gang gang = planner.plan(ri, ReportedScales.builder().build(), "abc", SchedulingPolicy.NONE);
        assertThat(gang.groups()).extracting(GangGroup::name, GangGroup::minMember, GangGroup::definition)
                .containsExactly(tuple("kindred-abc", 1, null));
        assertThat(gang.groupFor(null, null, null)).isSameAs(gang.groups().get(0));
    }

    @Test
    void aRecreatedWorkloadWithTheSameNameGetsANewGroup() {
        ObjectNode first = Workloads.object("pytorchjob.yaml");
        ObjectNode again = Workloads.object("pytorchjob.yaml");
        ((ObjectNode) again.path("metadata")).put("uid", "99999999-2222-4333-8444-555555555555");
        assertThat(plan("PyTorchJob", again).groups().get(0).name())
                .isNotEqualTo(plan("PyTorchJob", first).groups().get(0).name());
    }

    @Test
    void replicaGroupsTheResourceInterfaceDoesNotCountAreMadeFromTheirTemplate() {
        GangGroup template = new GangGroup("kindred-u-group", "group", null, null, 4, java.util.List.of(),
                SchedulingPolicy.NONE);
        Gang gang = new Gang("u", java.util.List.of(), java.util.List.of(template));
        GangGroup third = gang.groupFor("group", null, "2");
        assertThat(third.name()).isEqualTo("kindred-u-group-2");
        assertThat(third.minMember()).isEqualTo(4);
        assertThat(gang.groupFor("other", null, "2")).isNull();
    }
}
