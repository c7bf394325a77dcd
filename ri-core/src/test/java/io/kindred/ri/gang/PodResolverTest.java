package io.kindred.ri.gang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodResolverTest {

    private static JsonNode pod(String labels) {
        return Fixtures.yaml("{metadata: {name: p, labels: " + labels + "}}");
    }

    @Test
    void pytorchPodsFallInTheJobGroupWithTheirOwnComponentsMinMember() {
        CompiledResourceInterface ri = Fixtures.example("pytorch");
        JsonNode job = Fixtures.workload("pytorchjob");

        PodResolution master = ri.resolvePod(job, Fixtures.workload("pytorch-pod-master"), null);
        assertThat(master).isEqualTo(new PodResolution("master", null, null, "job", "master", List.of("mnist"), 1L, List.of()));
        // the reference gives each member its own component's subtree scale; podGroups() gives the whole gang (4)
        PodResolution worker = ri.resolvePod(job, Fixtures.workload("pytorch-pod-worker"), null);
        assertThat(worker).isEqualTo(new PodResolution("worker", null, null, "job", "worker", List.of("mnist"), 3L, List.of()));
        PodResolution elastic = ri.resolvePod(Fixtures.workload("pytorchjob-elastic"), Fixtures.workload("pytorch-pod-worker"), null);
        assertThat(elastic.minMember()).isEqualTo(2L);
    }

    @Test
    void instanceComesFromTheInstanceSelectorAndScopesMinMember() {
        PodResolution ray = Fixtures.example("raycluster").resolvePod(Fixtures.workload("raycluster"),
                Fixtures.workload("ray-pod-worker"), null);
        // gpu-group: minReplicas 0 counts as unset → replicas 3
        assertThat(ray).isEqualTo(new PodResolution("worker", "gpu-group", null, "cluster", "worker",
                List.of("raycluster-kuberay"), 3L, List.of()));

        PodResolution dynamo = Fixtures.example("dynamo").resolvePod(Fixtures.workload("dynamographdeployment"),
                Fixtures.workload("dynamo-pod-worker"), null);
        assertThat(dynamo).isEqualTo(new PodResolution("service", "VllmWorker", null, "service", "service",
                List.of("VllmWorker"), 1L, List.of()));

        PodResolution jobset = Fixtures.example("jobset").resolvePod(Fixtures.workload("jobset"),
                Fixtures.workload("jobset-pod-worker"), null);
        assertThat(jobset).isEqualTo(new PodResolution("replicatedjob", "workers", null, "job", "replicatedjob",
                List.of("workers"), 3L, List.of()));
    }

    @Test
    void replicaKeyIsInheritedFromTheAncestorWithTheReplicaSelector() {
        CompiledResourceInterface ri = Fixtures.example("lws");
        JsonNode lws = Fixtures.workload("leaderworkerset");

        PodResolution worker = ri.resolvePod(lws, Fixtures.workload("lws-pod-worker"), null);
        assertThat(worker.component()).isEqualTo("worker");
        assertThat(worker.replicaKey()).isEqualTo("1");
        assertThat(worker.podGroup()).isEqualTo("group");
        assertThat(worker.memberComponent()).isEqualTo("group");
        assertThat(worker.groupKeys()).containsExactly("vllm", "1");
        PodResolution leader = ri.resolvePod(lws, Fixtures.workload("lws-pod-leader"), null);
        assertThat(leader.component()).isEqualTo("leader");
        assertThat(leader.replicaKey()).isEqualTo("0");
        assertThat(leader.groupKeys()).containsExactly("vllm", "0");
        assertThat(leader.errors()).isEmpty();
    }

    private static final CompiledResourceInterface TWO_LEAVES = Fixtures.ri("""
            spec:
              structureDefinition:
                rootComponent:
                  name: app
                  kind: {group: example.com, version: v1, kind: App}
                  statusDefinition: {statusMappings: {}}
                  specDefinition: {podTemplateSpecPath: .spec.main}
                  podSelector:
                    componentTypeSelector: {keyPath: .metadata.labels.role, value: "main"}
                childComponents:
                  - name: helper
                    ownerRef: app
                    specDefinition: {podTemplateSpecPath: .spec.helper}
                    podSelector:
                      componentTypeSelector: {keyPath: .metadata.labels.helper}
                  - name: index
                    ownerRef: app
                    specDefinition: {podTemplateSpecPath: .spec.index}
                    podSelector:
                      componentTypeSelector: {keyPath: .metadata.labels.index, value: "0"}
                  - name: unselectable
                    ownerRef: app
                    specDefinition: {podTemplateSpecPath: .spec.other}
              optimizationInstructions:
                gangScheduling:
                  podGroups:
                    - name: gpu
                      members:
                        - componentName: helper
                          filters: [.metadata.labels.gpu]
                          groupByKeyPaths: [.metadata.labels.n]
                    - name: all
                      members:
                        - componentName: app
                          groupByKeyPaths: [.metadata.name, .metadata.labels.n]
            """);

    private static final JsonNode APP = Fixtures.yaml("{spec: {main: {}, helper: {}, index: {}}}");

    @Test
    void severalLeavesAreTriedRootFirstWithTypeSelectors() {
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{role: main, helper: x}"), null).component()).isEqualTo("app");
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{role: other, helper: x}"), null).component()).isEqualTo("helper");
        // without value: any non-null result; an empty string counts
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{helper: ''}"), null).component()).isEqualTo("helper");
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{index: '0'}"), null).component()).isEqualTo("index");
        // with value: only the string matches (the reference compares with jq ==)
        PodResolution numeric = TWO_LEAVES.resolvePod(APP, pod("{index: 0}"), null);
        assertThat(numeric.component()).isNull();
        assertThat(numeric.errors()).containsExactly("the pod matches no component: none of the componentTypeSelectors of "
                + "[\"app\", \"helper\", \"index\", \"unselectable\"] matches it");
    }

    @Test
    void aGroupKeyTooLargeToPrintIsAnErrorNotAnException() {
        // the pod's label value is an object whose JSON text passes jq's string limit (1 Mi characters)
        com.fasterxml.jackson.databind.node.ObjectNode pod = (com.fasterxml.jackson.databind.node.ObjectNode)
                pod("{role: main, n: {}}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) pod.at("/metadata/labels/n")).put("big", "x".repeat(1_100_000));

        PodResolution resolution = TWO_LEAVES.resolvePod(APP, pod, null);

        assertThat(resolution.component()).isEqualTo("app");
        assertThat(resolution.podGroup()).isEqualTo("all");
        assertThat(resolution.groupKeys()).isNull();
        assertThat(resolution.errors()).singleElement().asString()
                .startsWith("spec.optimizationInstructions.gangScheduling.podGroups[1].members[0].groupByKeyPaths[1]: "
                        + "pod group 'all': the group key path gives an object on the pod that cannot serve as the group key: ")
                .contains("too large");
    }

    @Test
    void explicitComponentSkipsInference() {
        PodResolution resolution = TWO_LEAVES.resolvePod(APP, pod("{n: 1}"), "index");
        assertThat(resolution.component()).isEqualTo("index");
        assertThat(resolution.podGroup()).isEqualTo("all");
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{}"), "nope").errors())
                .containsExactly("unknown component 'nope'; the RI defines [\"app\", \"helper\", \"index\", \"unselectable\"]");
    }

    @Test
    void aSingleLeafTakesEveryPodWithoutEvaluatingItsSelector() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: app
                      kind: {group: example.com, version: v1, kind: App}
                      statusDefinition: {statusMappings: {}}
                      specDefinition: {podTemplateSpecPath: .spec.template}
                      podSelector:
                        componentTypeSelector: {keyPath: 'error("never evaluated")'}
                """);
        PodResolution resolution = ri.resolvePod(Fixtures.yaml("{}"), pod("{}"), null);
        assertThat(resolution).isEqualTo(new PodResolution("app", null, null, null, null, null, null, List.of()));
    }

    @Test
    void filtersPassOnlyOnExactlyTrueAndFallBackToAncestors() {
        PodResolution gpu = TWO_LEAVES.resolvePod(APP, pod("{helper: x, gpu: true, n: 3.0}"), null);
        assertThat(gpu.podGroup()).isEqualTo("gpu");
        // numbers print like JSON without a fraction
        assertThat(gpu.groupKeys()).containsExactly("3");
        // false and the string "true" do not pass: the ancestor's member takes the pod
        PodResolution cpu = TWO_LEAVES.resolvePod(APP, pod("{helper: x, gpu: false, n: 2.5}"), null);
        assertThat(cpu.podGroup()).isEqualTo("all");
        assertThat(cpu.memberComponent()).isEqualTo("app");
        assertThat(cpu.groupKeys()).containsExactly("p", "2.5");
        assertThat(TWO_LEAVES.resolvePod(APP, pod("{helper: x, gpu: 'true', n: 1}"), null).podGroup()).isEqualTo("all");
    }

    @Test
    void filterWithoutExactlyOneNonEmptyResultIsAnError() {
        PodResolution missing = TWO_LEAVES.resolvePod(APP, pod("{helper: x, n: 1}"), null);
        assertThat(missing.component()).isEqualTo("helper");
        assertThat(missing.podGroup()).isNull();
        assertThat(missing.errors()).containsExactly("spec.optimizationInstructions.gangScheduling.podGroups[0].members[0]"
                + ".filters[0]: pod group 'gpu': the filter path gives null on the pod; a non-empty value is needed");
    }

    @Test
    void groupKeysNeedExactlyOneNonEmptyValue() {
        PodResolution resolution = TWO_LEAVES.resolvePod(APP, pod("{role: main, n: ''}"), null);
        assertThat(resolution.podGroup()).isEqualTo("all");
        assertThat(resolution.groupKeys()).isNull();
        assertThat(resolution.errors()).singleElement().asString()
                .isEqualTo("spec.optimizationInstructions.gangScheduling.podGroups[1].members[0].groupByKeyPaths[1]: "
                        + "pod group 'all': the group key path gives an empty string on the pod; a non-empty value is needed");
        // the rest is still worked out. No scale definitions: leaf instances are counted, and app, being a leaf
        // itself, counts as one without looking at its children (the reference's rule)
        assertThat(resolution.minMember()).isEqualTo(1L);
    }

    private static final String INSTANCES_YAML = """
            spec:
              structureDefinition:
                rootComponent:
                  name: graph
                  kind: {group: example.com, version: v1, kind: Graph}
                  statusDefinition: {statusMappings: {}}
                childComponents:
                  - name: service
                    ownerRef: graph
                    instanceIdPath: .spec.services | keys_unsorted[]
                    specDefinition:
                      podTemplateSpecPath: .spec.services[].template
                    scaleDefinition:
                      replicasPath: .spec.services[].replicas
                    podSelector:
                      componentInstanceSelector: {idPath: .metadata.labels.service}
                  - name: plain
                    ownerRef: graph
                    instanceIdPath: .spec.plain[]
                    specDefinition:
                      podTemplateSpecPath: .spec.plainTemplates[]
                    podSelector:
                      componentTypeSelector: {keyPath: .metadata.labels.plain}
              optimizationInstructions:
                gangScheduling:
                  podGroups:
                    - name: per-service
                      members:
                        - componentName: service
                          groupByKeyPaths: [.metadata.labels.service]
                    - name: whole
                      members:
                        - componentName: graph
            """;

    private static final CompiledResourceInterface INSTANCES = Fixtures.ri(INSTANCES_YAML);

    private static final JsonNode GRAPH = Fixtures.yaml("""
            spec:
              services:
                a: {replicas: 2, template: {}}
                b: {replicas: 5, template: {}}
              plain: [x]
              plainTemplates: [{}]
            """);

    @Test
    void instanceErrors() {
        PodResolution unknown = INSTANCES.resolvePod(GRAPH, pod("{service: c}"), "service");
        assertThat(unknown.instanceId()).isNull();
        assertThat(unknown.errors()).containsExactly("spec.structureDefinition.childComponents[0].podSelector"
                + ".componentInstanceSelector.idPath: component 'service': the pod's instance id \"c\" is not one of the "
                + "instances [\"a\", \"b\"]");
        // the member names the pod's own component, so without the instance there is no minMember
        assertThat(unknown.minMember()).isNull();
        assertThat(unknown.groupKeys()).containsExactly("c");

        PodResolution noInstanceSelector = INSTANCES.resolvePod(GRAPH, pod("{plain: yes}"), null);
        assertThat(noInstanceSelector.component()).isEqualTo("plain");
        assertThat(noInstanceSelector.errors()).containsExactly("spec.structureDefinition.childComponents[1].podSelector: "
                + "component 'plain' has instances [\"x\"] but its podSelector has no componentInstanceSelector to tell "
                + "which one a pod belongs to");
        // Stage rule (changed expectation, was "whole" with 7): the service pods join their per-service groups, so
        // "whole" does not count them; what is left is plain, which has no scale (0 pods needed), so "whole" is no
        // group and the pod joins none.
        assertThat(noInstanceSelector.podGroup()).isNull();
        assertThat(noInstanceSelector.minMember()).isNull();
        assertThat(INSTANCES.podGroups(GRAPH)).extracting(RiPodGroupRequirement::name)
                .containsExactly("per-service-a", "per-service-b");

        // without a group that takes the services, the ancestor's member takes the pod: its whole subtree counts,
        // instance or not (7 + 0 for the scale-less plain)
        CompiledResourceInterface wholeOnly = Fixtures.ri(INSTANCES_YAML.substring(0, INSTANCES_YAML.indexOf("- name: per-service"))
                + INSTANCES_YAML.substring(INSTANCES_YAML.indexOf("- name: whole")));
        PodResolution whole = wholeOnly.resolvePod(GRAPH, pod("{plain: yes}"), null);
        assertThat(whole.errors()).hasSize(1);
        assertThat(whole.podGroup()).isEqualTo("whole");
        assertThat(whole.minMember()).isEqualTo(7L);
    }

    @Test
    void instanceScopesMinMemberOnlyWhenTheMemberNamesThePodsComponent() {
        PodResolution b = INSTANCES.resolvePod(GRAPH, pod("{service: b}"), "service");
        assertThat(b.instanceId()).isEqualTo("b");
        assertThat(b.minMember()).isEqualTo(5L);
        assertThat(b.errors()).isEmpty();
    }

    @Test
    void componentWithoutPodSelectorHasNoInstance() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: graph
                      kind: {group: example.com, version: v1, kind: Graph}
                      statusDefinition: {statusMappings: {}}
                    childComponents:
                      - name: service
                        ownerRef: graph
                        instanceIdPath: .spec.ids[]
                        specDefinition: {podTemplateSpecPath: ".spec.templates[]"}
                        scaleDefinition: {replicasPath: ".spec.replicas[]"}
                  optimizationInstructions:
                    gangScheduling:
                      podGroups:
                        - name: g
                          members: [{componentName: service}]
                """);
        PodResolution resolution = ri.resolvePod(Fixtures.yaml("{spec: {ids: [a, b], templates: [{}, {}], replicas: [1, 2]}}"),
                pod("{}"), null);
        assertThat(resolution).isEqualTo(new PodResolution("service", null, null, "g", "service", List.of(), 3L, List.of()));
    }
}
