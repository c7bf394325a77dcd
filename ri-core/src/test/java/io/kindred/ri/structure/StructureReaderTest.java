package io.kindred.ri.structure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.gang.Fixtures;
import org.junit.jupiter.api.Test;

class StructureReaderTest {

    /** An RI whose root is "job" and whose single child "part" has the given definition lines (indented 8). */
    static CompiledResourceInterface riWithChild(String childLines) {
        return Fixtures.ri("""
                spec:
                  structureDefinition:
                    rootComponent:
                      name: job
                      kind: {group: example.com, version: v1, kind: Job}
                      statusDefinition:
                        statusMappings: {}
                    childComponents:
                      - name: part
                        ownerRef: job
                """ + childLines);
    }

    @Test
    void componentWithoutInstanceIdPathHasOneInstanceWithTheEmptyId() {
        WorkloadStructure structure = Fixtures.example("pytorch").structure(Fixtures.workload("pytorchjob"));

        assertThat(structure.errors()).isEmpty();
        assertThat(structure.components().keySet()).containsExactly("pytorchjob", "master", "worker");
        ComponentStructure worker = structure.component("worker");
        assertThat(worker.instanceIds()).containsExactly("");
        InstanceStructure instance = worker.instance("");
        assertThat(instance.scale()).isEqualTo(new Scale(3, null, null));
        assertThat(instance.podTemplateSpec().at("/spec/containers/0/name").asText()).isEqualTo("pytorch");
        assertThat(instance.podSpec()).isNull();
        assertThat(instance.fragmentedPodSpec()).isNull();
        // the root has neither spec nor scale definition: one instance, nothing read
        assertThat(structure.component("pytorchjob").instance("").scale()).isNull();
    }

    @Test
    void arrayFormPairsValuesWithIdsByPosition() {
        WorkloadStructure structure = Fixtures.example("jobset").structure(Fixtures.workload("jobset"));

        assertThat(structure.errors()).isEmpty();
        ComponentStructure jobs = structure.component("replicatedjob");
        assertThat(jobs.instanceIds()).containsExactly("driver", "workers");
        assertThat(jobs.instance("driver").scale().replicas()).isEqualTo(1);
        assertThat(jobs.instance("workers").scale().replicas()).isEqualTo(3);
        assertThat(jobs.instance("workers").podTemplateSpec().at("/metadata/labels/role").asText()).isEqualTo("worker");
        assertThat(jobs.instance("driver").podTemplateSpec().at("/spec/containers/0/name").asText()).isEqualTo("driver");
    }

    @Test
    void mapFormReadsFragmentedPodSpecsPerInstance() {
        WorkloadStructure structure = Fixtures.example("dynamo").structure(Fixtures.workload("dynamographdeployment"));

        assertThat(structure.errors()).isEmpty();
        ComponentStructure service = structure.component("service");
        assertThat(service.instanceIds()).containsExactly("Frontend", "VllmWorker");
        InstanceStructure frontend = service.instance("Frontend");
        assertThat(frontend.scale()).isEqualTo(new Scale(1, null, null));
        assertThat(frontend.fragmentedPodSpec()).containsOnlyKeys("labels", "container", "image");
        assertThat(frontend.fragmentedPodSpec().get("labels").get("tier").asText()).isEqualTo("edge");
        InstanceStructure worker = service.instance("VllmWorker");
        // replicas 2 × nodeCount 2, autoscaling min 1 max 4
        assertThat(worker.scale()).isEqualTo(new Scale(4, 1, 4));
        assertThat(worker.fragmentedPodSpec().keySet()).containsExactly("schedulerName", "resources", "container", "image");
        assertThat(worker.fragmentedPodSpec().get("schedulerName").asText()).isEqualTo("default-scheduler");
    }

    @Test
    void podSpecAndMetadataPaths() {
        CompiledResourceInterface ri = riWithChild("""
                        specDefinition:
                          podSpecPath: .spec.pod
                          metadataPath: .spec.meta
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("""
                spec:
                  pod: {containers: [{name: c}]}
                  meta: {labels: {a: b}}
                """));

        assertThat(structure.errors()).isEmpty();
        InstanceStructure part = structure.component("part").instance("");
        assertThat(part.podSpec().at("/containers/0/name").asText()).isEqualTo("c");
        assertThat(part.metadata().at("/labels/a").asText()).isEqualTo("b");
        assertThat(part.podTemplateSpec()).isNull();
    }

    @Test
    void absentMinReplicasStaysDistinctFromAnExplicitZero() {
        CompiledResourceInterface ri = riWithChild("""
                        instanceIdPath: .spec.groups[].name
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                        scaleDefinition:
                          replicasPath: .spec.groups[].replicas
                          minReplicasPath: .spec.groups[].min
                          maxReplicasPath: .spec.groups[].max
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("""
                spec:
                  groups:
                    - {name: a, replicas: 3}
                    - {name: b, replicas: 3, min: 0, max: 5}
                    - {name: c, replicas: 3.0, min: 2}
                """));

        assertThat(structure.errors()).isEmpty();
        ComponentStructure part = structure.component("part");
        assertThat(part.instance("a").scale()).isEqualTo(new Scale(3, null, null));
        assertThat(part.instance("b").scale()).isEqualTo(new Scale(3, 0, 5));
        assertThat(part.instance("c").scale()).isEqualTo(new Scale(3, 2, null));
        // the reference's effective minimum: an explicit 0 falls back to replicas, like an absent one
        assertThat(part.instance("a").scale().effectiveMinimum()).isEqualTo(3);
        assertThat(part.instance("b").scale().effectiveMinimum()).isEqualTo(3);
        assertThat(part.instance("c").scale().effectiveMinimum()).isEqualTo(2);
        assertThat(new Scale(0, 0, null).effectiveMinimum()).isZero();
        assertThat(Scale.ABSENT.effectiveMinimum()).isZero();
    }

    @Test
    void shorterScalePathsArePaddedWithAbsentValuesAsInTheReference() {
        CompiledResourceInterface ri = riWithChild("""
                        instanceIdPath: .spec.groups[].name
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                        scaleDefinition:
                          replicasPath: .spec.groups[].replicas
                          minReplicasPath: .spec.elastic.min
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("""
                spec:
                  groups: [{name: a, replicas: 1}, {name: b, replicas: 2}]
                """));

        assertThat(structure.errors()).isEmpty();
        assertThat(structure.component("part").instance("b").scale()).isEqualTo(new Scale(2, null, null));
    }

    @Test
    void scaleDefinitionWithoutPathsGivesAbsentScales() {
        CompiledResourceInterface ri = riWithChild("""
                        scaleDefinition: {}
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("{}"));

        assertThat(structure.errors()).isEmpty();
        assertThat(structure.component("part").instance("").scale()).isEqualTo(Scale.ABSENT);
    }

    @Test
    void nonNumericScaleValuesAreErrorsNamingThePath() {
        CompiledResourceInterface ri = riWithChild("""
                        specDefinition:
                          podTemplateSpecPath: .spec.template
                        scaleDefinition:
                          replicasPath: .spec.replicas
                """);
        for (String bad : new String[] {"\"3\"", "2.5", "true", "[1]", "3000000000"}) {
            WorkloadStructure structure = ri.structure(Fixtures.yaml("{\"spec\": {\"replicas\": " + bad + ", \"template\": {}}}"));

            assertThat(structure.errors()).as(bad).singleElement().asString()
                    .startsWith("spec.structureDefinition.childComponents[0].scaleDefinition.replicasPath: component 'part'");
            // the scale is left out, the rest is still read
            assertThat(structure.component("part").instance("").scale()).isNull();
            assertThat(structure.component("part").instance("").podTemplateSpec()).isNotNull();
        }
        WorkloadStructure quoted = ri.structure(Fixtures.yaml("{\"spec\": {\"replicas\": \"3\"}}"));
        assertThat(quoted.errors().get(0)).contains("a string 3 (quoted); a replica count must be a whole number or null");
    }

    @Test
    void countMismatchIsAnErrorNamingComponentAndPath() {
        CompiledResourceInterface ri = riWithChild("""
                        instanceIdPath: .spec.groups[].name
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                        specDefinition:
                          podTemplateSpecPath: .spec.templates[]
                        scaleDefinition:
                          replicasPath: .spec.groups[].replicas
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("""
                spec:
                  groups: [{name: a, replicas: 1}, {name: b, replicas: 2}]
                  templates: [{}, {}, {}]
                """));

        assertThat(structure.errors()).containsExactly(
                "spec.structureDefinition.childComponents[0].specDefinition.podTemplateSpecPath: component 'part': the path "
                        + "yields 3 values where 2 (one per instance id [\"a\",\"b\"]) are needed");
        // the instances and their scales are still there
        assertThat(structure.component("part").instance("b").scale().replicas()).isEqualTo(2);
        assertThat(structure.component("part").instance("b").podTemplateSpec()).isNull();
    }

    @Test
    void singleInstancePathYieldingSeveralValuesIsAnError() {
        CompiledResourceInterface ri = riWithChild("""
                        scaleDefinition:
                          replicasPath: .spec.replicas[]
                """);
        WorkloadStructure structure = ri.structure(Fixtures.yaml("{spec: {replicas: [1, 2]}}"));

        assertThat(structure.errors()).singleElement().asString()
                .contains("scaleDefinition.replicasPath: component 'part': the path yields 2 values where exactly 1");
    }

    @Test
    void emptyNullNonStringAndDuplicateIdsAreErrors() {
        CompiledResourceInterface ri = riWithChild("""
                        instanceIdPath: .spec.ids[]
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                """);
        String idPath = "spec.structureDefinition.childComponents[0].instanceIdPath: component 'part': ";
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: [a, '']}}")).errors())
                .containsExactly(idPath + "instance id #2 of 2 is empty; every instance needs a non-empty id");
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: [null]}}")).errors())
                .containsExactly(idPath + "instance id #1 of 1 is null; every instance needs a non-empty id");
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: [7]}}")).errors())
                .containsExactly(idPath + "instance id #1 is a number (7); instance ids must be strings");
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: [a, a]}}")).errors())
                .containsExactly(idPath + "instance id \"a\" appears twice; instance ids must be unique");
        // a component whose ids cannot be read is left out
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: [a, '']}}")).component("part")).isNull();
        // no instances at all is fine
        assertThat(ri.structure(Fixtures.yaml("{spec: {ids: []}}")).component("part").instanceIds()).isEmpty();
    }

    @Test
    void aBadValueTooLargeToPrintIsStillReportedNotThrown() {
        CompiledResourceInterface ri = riWithChild("""
                        instanceIdPath: .spec.ids[]
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                        scaleDefinition: {replicasPath: .spec.replicas}
                """);
        // a workload object may hold a value whose JSON text passes jq's string limit (1 Mi characters)
        JsonNode huge = Fixtures.yaml("{big: ''}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) huge).put("big", "x".repeat(1_100_000));
        com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode)
                Fixtures.yaml("{spec: {ids: [], replicas: 1}}");
        ((com.fasterxml.jackson.databind.node.ArrayNode) object.at("/spec/ids")).add(huge);

        assertThat(ri.structure(object).errors()).containsExactly("spec.structureDefinition.childComponents[0]"
                + ".instanceIdPath: component 'part': instance id #1 is an object (a value too large to show); "
                + "instance ids must be strings");

        // a large value that can be printed is cut short in the message
        ((com.fasterxml.jackson.databind.node.ObjectNode) object.get("spec")).put("ids", (String) null)
                .set("replicas", Fixtures.yaml("{text: ''}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) object.at("/spec/replicas")).put("text", "y".repeat(1000));
        CompiledResourceInterface single = riWithChild("        scaleDefinition: {replicasPath: .spec.replicas}\n");
        assertThat(single.structure(object).errors()).singleElement().asString()
                .endsWith("value #1 is an object {\"text\":\"" + "y".repeat(191) + "…; a replica count must be a whole "
                        + "number or null");
    }

    @Test
    void jqFailureIsReportedWithThePath() {
        // the reference rayjob RI reads worker group names from .spec.workerGroupSpecs, which a RayJob does not have
        WorkloadStructure structure = Fixtures.example("rayjob").structure(Fixtures.yaml("""
                apiVersion: ray.io/v1
                kind: RayJob
                spec:
                  rayClusterSpec:
                    headGroupSpec: {template: {spec: {containers: [{name: head}]}}}
                    workerGroupSpecs: [{groupName: small, replicas: 2, template: {}}]
                """));

        assertThat(structure.errors()).singleElement().asString()
                .startsWith("spec.structureDefinition.childComponents[1].instanceIdPath: component 'worker': ")
                .contains("Cannot iterate over null");
        assertThat(structure.components().keySet()).containsExactly("rayjob", "head");
    }

    @Test
    void absentValuesAreLeftOut() {
        CompiledResourceInterface ri = riWithChild("""
                        specDefinition:
                          fragmentedPodSpecDefinition:
                            labelsPath: .spec.labels
                            schedulerNamePath: .spec.schedulerName
                """);
        JsonNode object = Fixtures.yaml("{spec: {labels: {a: b}}}");
        InstanceStructure part = ri.structure(object).component("part").instance("");

        assertThat(part.fragmentedPodSpec()).containsOnlyKeys("labels");
    }
}
