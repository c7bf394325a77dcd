package io.kindred.ri.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.gang.Fixtures;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadStamperTest {

    private static final PodStamp BINDING = PodStamp.empty()
            .withLabel("kai.scheduler/queue", "team-a")
            .withAnnotation("scheduling.k8s.io/group-name", "pg-mnist")
            .withSchedulerName("kai-scheduler")
            .withPriorityClassName("train");

    @Test
    void podTemplatesAreStampedAndReadBackThroughTheSamePaths() {
        CompiledResourceInterface ri = Fixtures.example("pytorch");
        JsonNode job = Fixtures.workload("pytorchjob");
        String before = job.toString();

        JsonNode stamped = ri.stamp(job, BINDING);

        assertThat(job.toString()).as("the input is not modified").isEqualTo(before);
        WorkloadStructure structure = ri.structure(stamped);
        for (String component : List.of("master", "worker")) {
            JsonNode template = structure.component(component).instance("").podTemplateSpec();
            assertThat(template.at("/metadata/labels/kai.scheduler~1queue").asText()).isEqualTo("team-a");
            assertThat(template.at("/metadata/annotations/scheduling.k8s.io~1group-name").asText()).isEqualTo("pg-mnist");
            assertThat(template.at("/spec/schedulerName").asText()).isEqualTo("kai-scheduler");
            assertThat(template.at("/spec/priorityClassName").asText()).isEqualTo("train");
        }
        // existing labels stay, everything else is untouched
        assertThat(stamped.at("/spec/pytorchReplicaSpecs/Master/template/metadata/labels/app").asText()).isEqualTo("mnist");
        assertThat(stamped.at("/spec/pytorchReplicaSpecs/Worker/replicas").asInt()).isEqualTo(3);
        assertThat(stamped.at("/status")).isEqualTo(job.at("/status"));
        // stamping again changes nothing
        assertThat(ri.stamp(stamped, BINDING)).isEqualTo(stamped);
    }

    @Test
    void absentTemplatesAreLeftAlone() {
        CompiledResourceInterface ri = Fixtures.example("pytorch");
        JsonNode workersOnly = Fixtures.yaml("{spec: {pytorchReplicaSpecs: {Worker: {replicas: 2, template: {spec: {}}}}}}");

        JsonNode stamped = ri.stamp(workersOnly, BINDING);

        assertThat(stamped.at("/spec/pytorchReplicaSpecs").has("Master")).isFalse();
        assertThat(stamped.at("/spec/pytorchReplicaSpecs/Worker/template/spec/schedulerName").asText()).isEqualTo("kai-scheduler");
    }

    @Test
    void perInstanceStampsGoToTheirInstanceOnly() {
        CompiledResourceInterface ri = Fixtures.example("jobset");
        JsonNode jobset = Fixtures.workload("jobset");
        List<StampTarget> seen = new ArrayList<>();

        JsonNode stamped = ri.stamp(jobset, target -> {
            seen.add(target);
            return PodStamp.empty().withAnnotation("scheduling.k8s.io/group-name", "pg-paxml-" + target.instanceId());
        });

        assertThat(seen).containsExactly(new StampTarget("replicatedjob", "driver"), new StampTarget("replicatedjob", "workers"));
        assertThat(stamped.at("/spec/replicatedJobs/0/template/spec/template/metadata/annotations/scheduling.k8s.io~1group-name")
                .asText()).isEqualTo("pg-paxml-driver");
        assertThat(stamped.at("/spec/replicatedJobs/1/template/spec/template/metadata/annotations/scheduling.k8s.io~1group-name")
                .asText()).isEqualTo("pg-paxml-workers");
        assertThat(stamped.at("/spec/replicatedJobs/1/template/spec/template/metadata/labels/role").asText()).isEqualTo("worker");
    }

    @Test
    void fragmentedPodSpecsAreStampedThroughTheirPaths() {
        CompiledResourceInterface ri = Fixtures.example("dynamo");
        JsonNode graph = Fixtures.workload("dynamographdeployment");

        JsonNode stamped = ri.stamp(graph, target -> target.instanceId().equals("VllmWorker")
                ? BINDING.withLabel("kai.scheduler/subgroup-name", "decode") : BINDING);

        WorkloadStructure structure = ri.structure(stamped);
        assertThat(structure.errors()).isEmpty();
        Map<String, JsonNode> frontend = structure.component("service").instance("Frontend").fragmentedPodSpec();
        assertThat(frontend.get("labels").toString()).isEqualTo("{\"tier\":\"edge\",\"kai.scheduler/queue\":\"team-a\"}");
        assertThat(frontend.get("schedulerName").asText()).isEqualTo("kai-scheduler");
        assertThat(frontend.get("annotations").get("scheduling.k8s.io/group-name").asText()).isEqualTo("pg-mnist");
        InstanceStructure worker = structure.component("service").instance("VllmWorker");
        // labels map and extraPodSpec.priorityClassName did not exist: created
        assertThat(worker.fragmentedPodSpec().get("labels").get("kai.scheduler/subgroup-name").asText()).isEqualTo("decode");
        assertThat(worker.fragmentedPodSpec().get("schedulerName").asText()).isEqualTo("kai-scheduler");
        assertThat(worker.fragmentedPodSpec().get("priorityClassName").asText()).isEqualTo("train");
        assertThat(stamped.at("/spec/services/Frontend/extraPodSpec/mainContainer/image").asText())
                .isEqualTo("nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.4.0");
    }

    @Test
    void podSpecWithMetadataPath() {
        CompiledResourceInterface ri = Fixtures.example("kserve");
        JsonNode isvc = Fixtures.yaml("""
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                spec:
                  predictor:
                    model: {modelFormat: {name: sklearn}, storageUri: gs://models/iris}
                  transformer:
                    containers: [{name: transformer, image: kserve/image-transformer:latest}]
                """);

        JsonNode stamped = ri.stamp(isvc, BINDING);

        assertThat(stamped.at("/spec/transformer/schedulerName").asText()).isEqualTo("kai-scheduler");
        assertThat(stamped.at("/spec/transformer/labels/kai.scheduler~1queue").asText()).isEqualTo("team-a");
        assertThat(stamped.at("/spec/predictor/labels/kai.scheduler~1queue").asText()).isEqualTo("team-a");
        assertThat(stamped.at("/spec/predictor/schedulerName").asText()).isEqualTo("kai-scheduler");
        assertThat(stamped.at("/spec/predictor/priorityClassName").asText()).isEqualTo("train");
    }

    private static CompiledResourceInterface leaf(String specDefinition) {
        return Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: app
                      kind: {group: example.com, version: v1, kind: App}
                      statusDefinition: {statusMappings: {}}
                      specDefinition:
                """ + specDefinition);
    }

    @Test
    void pathsThatComputeValuesCannotBeWrittenThrough() {
        CompiledResourceInterface ri = leaf("""
                        fragmentedPodSpecDefinition:
                          labelsPath: .spec.groups | to_entries[] | .value.labels
                """);
        assertThatThrownBy(() -> ri.stamp(Fixtures.yaml("{spec: {groups: {a: {labels: {}}}}}"), BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasFieldOrPropertyWithValue("path", "spec.structureDefinition.rootComponent.specDefinition"
                        + ".fragmentedPodSpecDefinition.labelsPath")
                .hasMessageContaining("component 'app': the path cannot be written through: not a path expression");

        CompiledResourceInterface fallback = leaf("""
                        podTemplateSpecPath: .spec.template // {}
                """);
        // a present template is a path; the literal fallback is not
        assertThat(fallback.stamp(Fixtures.yaml("{spec: {template: {}}}"), BINDING).at("/spec/template/spec/schedulerName")
                .asText()).isEqualTo("kai-scheduler");
        assertThatThrownBy(() -> fallback.stamp(Fixtures.yaml("{spec: {}}"), BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessageContaining("not a path expression");
    }

    @Test
    void stampsNeedThePathsTheyWriteThrough() {
        CompiledResourceInterface noMetadata = leaf("""
                        podSpecPath: .spec.pod
                """);
        JsonNode object = Fixtures.yaml("{spec: {pod: {}}}");
        assertThat(noMetadata.stamp(object, PodStamp.empty().withSchedulerName("kai-scheduler")).at("/spec/pod/schedulerName")
                .asText()).isEqualTo("kai-scheduler");
        assertThatThrownBy(() -> noMetadata.stamp(object, BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessage("spec.structureDefinition.rootComponent.specDefinition.podSpecPath: component 'app': labels and "
                        + "annotations cannot be written: the component has a podSpecPath but no metadataPath");

        CompiledResourceInterface labelsOnly = leaf("""
                        fragmentedPodSpecDefinition:
                          labelsPath: .spec.labels
                """);
        assertThatThrownBy(() -> labelsOnly.stamp(Fixtures.yaml("{spec: {}}"), BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessageContaining("annotations cannot be written: the fragmentedPodSpecDefinition has no annotationsPath");
    }

    @Test
    void negativeIndexesAreResolvedAndNonObjectsRefused() {
        CompiledResourceInterface ri = leaf("""
                        podTemplateSpecPath: .spec.templates[-1]
                """);
        JsonNode stamped = ri.stamp(Fixtures.yaml("{spec: {templates: [{}, {}]}}"), PodStamp.empty().withLabel("a", "b"));
        assertThat(stamped.at("/spec/templates/1/metadata/labels/a").asText()).isEqualTo("b");
        assertThat(stamped.at("/spec/templates/0").isEmpty()).isTrue();

        assertThatThrownBy(() -> ri.stamp(Fixtures.yaml("{spec: {templates: [\"text\"]}}"), BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessageContaining(".spec.templates[0] holds a string, not an object");
        CompiledResourceInterface labelsInAString = leaf("""
                        fragmentedPodSpecDefinition:
                          labelsPath: .spec.labels
                """);
        assertThatThrownBy(() -> labelsInAString.stamp(Fixtures.yaml("{spec: {labels: 3}}"), PodStamp.empty().withLabel("a", "b")))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessageContaining("cannot write .spec.labels.a: found number at .spec.labels where an object was expected");
    }

    @Test
    void instanceCountMismatchIsAnError() {
        CompiledResourceInterface ri = Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: app
                      kind: {group: example.com, version: v1, kind: App}
                      statusDefinition: {statusMappings: {}}
                      instanceIdPath: .spec.ids[]
                      podSelector:
                        componentInstanceSelector: {idPath: .metadata.labels.id}
                      specDefinition:
                        podTemplateSpecPath: .spec.templates[]
                """);
        assertThatThrownBy(() -> ri.stamp(Fixtures.yaml("{spec: {ids: [a, b], templates: [{}]}}"), BINDING))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessage("spec.structureDefinition.rootComponent.specDefinition.podTemplateSpecPath: component 'app': the "
                        + "path leads to 1 location for 2 instance ids");
    }

    @Test
    void nullStampLeavesAnInstanceAlone() {
        CompiledResourceInterface ri = Fixtures.example("pytorch");
        JsonNode job = Fixtures.workload("pytorchjob");
        JsonNode stamped = ri.stamp(job, target -> target.component().equals("worker") ? BINDING : null);
        assertThat(stamped.at("/spec/pytorchReplicaSpecs/Master")).isEqualTo(job.at("/spec/pytorchReplicaSpecs/Master"));
        assertThat(stamped.at("/spec/pytorchReplicaSpecs/Worker/template/spec/schedulerName").asText()).isEqualTo("kai-scheduler");
    }
}
