package io.kindred.ri.gang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.RiEvaluationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pod groups needed before any pod exists, on the reference RIs with realistic objects. */
class PodGroupPlannerTest {

    private static RiPodGroupRequirement group(String name, int minMember, String... members) {
        return new RiPodGroupRequirement(name, name, minMember, List.of(members), null, false, null);
    }

    @Test
    void pytorchJobMasterAndWorkersFormOneGang() {
        assertThat(Fixtures.example("pytorch").podGroups(Fixtures.workload("pytorchjob")))
                .containsExactly(group("job", 4, "master", "worker"));
    }

    @Test
    void elasticPytorchJobNeedsTheMasterAndTheMinimumOfWorkers() {
        // master 1 + worker min 2 (of max 4)
        assertThat(Fixtures.example("pytorch").podGroups(Fixtures.workload("pytorchjob-elastic")))
                .containsExactly(group("job", 3, "master", "worker"));
    }

    @Test
    void milvusComponentsShareOneGroup() {
        assertThat(Fixtures.example("milvus").podGroups(Fixtures.workload("milvus")))
                .containsExactly(group("cluster", 3, "querynode", "datanode"));
    }

    @Test
    void rayClusterHeadAndAllWorkerGroupsShareTheClusterGroup() {
        // grouped by cluster name only, so not split per worker group: head 1 + small (min 1) + gpu (min 0 → replicas 3)
        assertThat(Fixtures.example("raycluster").podGroups(Fixtures.workload("raycluster")))
                .containsExactly(group("cluster", 5, "head", "worker"));
    }

    @Test
    void dynamoServicesAreOneGroupEach() {
        // grouped by the service label, which is also the instance id: one group per service
        assertThat(Fixtures.example("dynamo").podGroups(Fixtures.workload("dynamographdeployment"))).containsExactly(
                new RiPodGroupRequirement("service-Frontend", "service", 1, List.of("service"), "Frontend", false, null),
                new RiPodGroupRequirement("service-VllmWorker", "service", 1, List.of("service"), "VllmWorker", false, null));
    }

    @Test
    void jobSetReplicatedJobsAreOneGroupEach() {
        assertThat(Fixtures.example("jobset").podGroups(Fixtures.workload("jobset"))).containsExactly(
                new RiPodGroupRequirement("job-driver", "job", 1, List.of("replicatedjob"), "driver", false, null),
                new RiPodGroupRequirement("job-workers", "job", 3, List.of("replicatedjob"), "workers", false, null));
    }

    @Test
    void aGroupThatNeedsNoPodIsNotListed() {
        // the minMember rule: a per-instance group of 0 pods is left out, its sibling instances stay
        com.fasterxml.jackson.databind.JsonNode jobSet = Fixtures.workload("jobset");
        ((com.fasterxml.jackson.databind.node.ObjectNode) jobSet.path("spec").path("replicatedJobs").get(1))
                .put("replicas", 0);
        assertThat(Fixtures.example("jobset").podGroups(jobSet)).containsExactly(
                new RiPodGroupRequirement("job-driver", "job", 1, List.of("replicatedjob"), "driver", false, null));
    }

    private static final CompiledResourceInterface STAGED = Fixtures.ri("""
            spec:
              structureDefinition:
                rootComponent:
                  name: job
                  kind: {group: example.com, version: v1, kind: Job}
                  statusDefinition: {statusMappings: {}}
                childComponents:
                  - name: first
                    ownerRef: job
                    specDefinition: {podTemplateSpecPath: .spec.first}
                    scaleDefinition: {replicasPath: "if .spec.staged then 1 else 0 end"}
                    podSelector: {componentTypeSelector: {keyPath: .metadata.labels.first}}
                  - name: rest
                    ownerRef: job
                    specDefinition: {podTemplateSpecPath: .spec.rest}
                    scaleDefinition: {replicasPath: .spec.workers}
                    podSelector: {componentTypeSelector: {keyPath: .metadata.labels.rest}}
              optimizationInstructions:
                gangScheduling:
                  podGroups:
                    - name: stage
                      members:
                        - componentName: first
                    - name: whole
                      members:
                        - componentName: job
            """);

    @Test
    void aStageGroupTakesItsPodsOutOfTheGroupAbove() {
        // staged: "stage" takes the first pod, so "whole" counts the rest alone; both pods land in a listed group
        com.fasterxml.jackson.databind.JsonNode staged = Fixtures.yaml("{spec: {staged: true, workers: 3, first: {}, rest: {}}}");
        assertThat(STAGED.podGroups(staged)).containsExactly(group("stage", 1, "first"), group("whole", 3, "job"));
        PodResolution first = STAGED.resolvePod(staged, Fixtures.yaml("{metadata: {labels: {first: x}}}"), null);
        assertThat(first.podGroup()).isEqualTo("stage");
        assertThat(first.minMember()).isEqualTo(1L);
        PodResolution rest = STAGED.resolvePod(staged, Fixtures.yaml("{metadata: {labels: {rest: x}}}"), null);
        assertThat(rest.podGroup()).isEqualTo("whole");
        assertThat(rest.minMember()).isEqualTo(3L);

        // not staged: "stage" needs no pod, so it does not exist and its pod joins the next candidate, "whole"
        com.fasterxml.jackson.databind.JsonNode together = Fixtures.yaml("{spec: {staged: false, workers: 3, first: {}, rest: {}}}");
        assertThat(STAGED.podGroups(together)).containsExactly(group("whole", 3, "job"));
        PodResolution alone = STAGED.resolvePod(together, Fixtures.yaml("{metadata: {labels: {first: x}}}"), null);
        assertThat(alone.podGroup()).isEqualTo("whole");
        assertThat(alone.minMember()).isEqualTo(3L);
        assertThat(alone.errors()).isEmpty();
    }

    @Test
    void referenceLeaderWorkerSetIsPerGroupButItsScalesMultiplyTheReplicasIn() {
        // The reference lws.yaml reads leader and worker replicas from the LWS object itself, so they already count
        // every group (leader 2, worker 2 × 3 = 6), and gives "group" the size (4) as its own scale: 4 × 8 = 32.
        // Evaluated exactly as the reference does; the RI is wrong, not the engine (see the corrected RI below).
        assertThat(Fixtures.example("lws").podGroups(Fixtures.workload("leaderworkerset")))
                .containsExactly(new RiPodGroupRequirement("group", "group", 32, List.of("group"), null, true, null));
    }

    static final CompiledResourceInterface CORRECTED_LWS = Fixtures.ri("""
            spec:
              structureDefinition:
                rootComponent:
                  name: leaderworkerset
                  kind: {group: leaderworkerset.x-k8s.io, version: v1, kind: LeaderWorkerSet}
                  scaleDefinition:
                    replicasPath: .spec.replicas // 1
                  statusDefinition: {statusMappings: {}}
                childComponents:
                  - name: group
                    ownerRef: leaderworkerset
                    podSelector:
                      replicaSelector:
                        keyPath: .metadata.labels["leaderworkerset.sigs.k8s.io/group-index"]
                  - name: leader
                    ownerRef: group
                    specDefinition:
                      podTemplateSpecPath: .spec.leaderWorkerTemplate.leaderTemplate // .spec.leaderWorkerTemplate.workerTemplate
                    scaleDefinition:
                      replicasPath: "1"
                    podSelector:
                      componentTypeSelector:
                        keyPath: .metadata.labels["leaderworkerset.sigs.k8s.io/worker-index"]
                        value: "0"
                  - name: worker
                    ownerRef: group
                    specDefinition:
                      podTemplateSpecPath: .spec.leaderWorkerTemplate.workerTemplate
                    scaleDefinition:
                      replicasPath: (.spec.leaderWorkerTemplate.size // 1) - 1
                    podSelector:
                      componentTypeSelector:
                        keyPath: .metadata.annotations["leaderworkerset.sigs.k8s.io/leader-name"]
              optimizationInstructions:
                gangScheduling:
                  podGroups:
                    - name: group
                      members:
                        - componentName: group
                          groupByKeyPaths:
                            - .metadata.labels["leaderworkerset.sigs.k8s.io/name"]
                            - .metadata.labels["leaderworkerset.sigs.k8s.io/group-index"] // "0"
            """);

    @Test
    void leaderWorkerSetNeedsOneGroupOfSizePodsPerReplica() {
        // size 4, replicas 2: two groups of 4 pods, told apart by the group index
        assertThat(CORRECTED_LWS.podGroups(Fixtures.workload("leaderworkerset")))
                .containsExactly(new RiPodGroupRequirement("group", "group", 4, List.of("group"), null, true, 2));
        PodResolution worker = CORRECTED_LWS.resolvePod(Fixtures.workload("leaderworkerset"), Fixtures.workload("lws-pod-worker"), null);
        assertThat(worker.minMember()).isEqualTo(4L);
        assertThat(worker.replicaKey()).isEqualTo("1");
        assertThat(CORRECTED_LWS.subtreeScale(Fixtures.workload("leaderworkerset"), "leaderworkerset", null)).isEqualTo(8);
    }

    @Test
    void aMemberUnderAnotherMembersComponentIsNotCountedTwice() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: job
                      kind: {group: example.com, version: v1, kind: Job}
                      statusDefinition: {statusMappings: {}}
                    childComponents:
                      - name: group
                        ownerRef: job
                      - name: leader
                        ownerRef: group
                        specDefinition: {podTemplateSpecPath: .spec.leader}
                        scaleDefinition: {replicasPath: "1"}
                      - name: worker
                        ownerRef: group
                        specDefinition: {podTemplateSpecPath: .spec.worker}
                        scaleDefinition: {replicasPath: .spec.workers}
                      - name: sidecar
                        ownerRef: job
                        specDefinition: {podTemplateSpecPath: .spec.sidecar}
                        scaleDefinition: {replicasPath: "2"}
                  optimizationInstructions:
                    gangScheduling:
                      podGroups:
                        - name: gang
                          members:
                            - componentName: leader
                            - componentName: group
                            - componentName: sidecar
                        - name: empty
                          members: []
                """);
        // group (1 + 3) covers leader; sidecar 2; "empty" needs no pod, so it is no group (the minMember rule)
        assertThat(ri.podGroups(Fixtures.yaml("{spec: {workers: 3}}"))).containsExactly(
                group("gang", 6, "leader", "group", "sidecar"));
    }

    @Test
    void unknownMemberComponentIsAnError() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: job
                      kind: {group: example.com, version: v1, kind: Job}
                      statusDefinition: {statusMappings: {}}
                  optimizationInstructions:
                    gangScheduling:
                      podGroups:
                        - name: g
                          members: [{componentName: ghost}]
                """);
        assertThatThrownBy(() -> ri.podGroups(Fixtures.yaml("{}")))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessage("spec.optimizationInstructions.gangScheduling.podGroups[0].members[0].componentName: pod group 'g' "
                        + "names unknown component 'ghost'; the RI defines [\"job\"]");
    }

    @Test
    void unreadableScaleIsAnErrorNamingTheField() {
        // Knative's min-scale annotation is a string: the reference RI cannot read it as a number
        assertThatThrownBy(() -> Fixtures.example("knative-serving").podGroups(Fixtures.yaml("""
                apiVersion: serving.knative.dev/v1
                kind: Service
                spec:
                  template:
                    metadata:
                      annotations:
                        autoscaling.knative.dev/min-scale: "2"
                """)))
                .isInstanceOf(RiEvaluationException.class)
                .hasFieldOrPropertyWithValue("path", "spec.structureDefinition.childComponents[0].scaleDefinition.minReplicasPath")
                .hasMessageContaining("a string 2 (quoted)");
    }

    @Test
    void withoutGangSchedulingThereAreNoGroups() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: job
                      kind: {group: example.com, version: v1, kind: Job}
                      statusDefinition: {statusMappings: {}}
                """);
        assertThat(ri.podGroups(Fixtures.yaml("{}"))).isEmpty();
    }
}
