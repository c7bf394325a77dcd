package io.kindred.ri.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.ri.KartaExamples;
import io.kindred.ri.RiParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceInterfaceSpecTest {

    @Test
    void componentsAreRootFirstInDefinitionOrder() {
        ResourceInterfaceSpec lws = KartaExamples.spec("lws");
        assertThat(lws.components()).extracting(ComponentDefinition::name)
                .containsExactly("leaderworkerset", "group", "leader", "worker");
        assertThat(lws.component("leader")).get().extracting(ComponentDefinition::ownerRef).isEqualTo("group");
        assertThat(lws.component("nope")).isEmpty();
        assertThat(lws.children("group")).extracting(ComponentDefinition::name).containsExactly("leader", "worker");
        assertThat(lws.children("leader")).isEmpty();
        assertThat(lws.componentPath("worker")).isEqualTo("spec.structureDefinition.childComponents[2]");
        assertThat(lws.componentPath("leaderworkerset")).isEqualTo("spec.structureDefinition.rootComponent");
        assertThat(lws.componentPath("nope")).isNull();
    }

    @Test
    void leavesAreTheComponentsThatDefinePods() {
        assertThat(KartaExamples.spec("lws").leaves()).extracting(ComponentDefinition::name).containsExactly("leader", "worker");
        assertThat(KartaExamples.spec("nimservice").leaves()).extracting(ComponentDefinition::name).containsExactly("nimservice");
        // kserve's transformer has podSpecPath + metadataPath: still one definition, a leaf
        assertThat(KartaExamples.spec("kserve").leaves()).extracting(ComponentDefinition::name)
                .containsExactly("predictor", "transformer");
    }

    @Test
    void metadataPathAloneOrAnEmptySpecDefinitionIsNotALeaf() {
        ComponentDefinition metadataOnly = component(new SpecDefinition(null, null, ".metadata", null));
        ComponentDefinition empty = component(new SpecDefinition(null, null, null, null));
        ComponentDefinition fragmented = component(new SpecDefinition(null, null, null,
                new FragmentedPodSpecDefinition(".a", null, null, null, null, null, null, null, null, null, null)));
        assertThat(metadataOnly.isLeaf()).isFalse();
        assertThat(empty.isLeaf()).isFalse();
        assertThat(component(null).isLeaf()).isFalse();
        assertThat(fragmented.isLeaf()).isTrue();
        assertThat(new SpecDefinition(".t", ".s", ".m", null).podSpecDefinitionCount()).isEqualTo(2);
    }

    private static ComponentDefinition component(SpecDefinition spec) {
        return new ComponentDefinition("c", null, "root", spec, null, null, null, null);
    }

    @Test
    void listsAreNeverNullAndAreImmutable() {
        StatusMatcher matcher = new StatusMatcher("Running", null, null);
        assertThat(matcher.byConditions()).isEmpty();
        PodGroupMember member = new PodGroupMember("c", null, null);
        assertThat(member.groupByKeyPaths()).isEmpty();
        assertThat(member.filters()).isEmpty();
        assertThat(new StructureDefinition(null, null, null).components()).isEmpty();
        assertThat(new StatusDefinition(null, null, null).statusMappings()).isEqualTo(StatusMappings.empty());
        assertThat(new ResourceInterfaceSpec(null, null).podGroups()).isEmpty();
        List<String> paths = new PodGroupMember("c", List.of(".a"), List.of()).groupByKeyPaths();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> paths.add(".b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void conditionFieldNamesDefaultAsTheCrdSays() {
        ConditionsDefinition defaults = ConditionsDefinition.at(".status.conditions");
        assertThat(defaults).isEqualTo(new ConditionsDefinition(".status.conditions", "type", "status", "message", "reason"));
    }

    @Test
    void jqFieldsListEveryExpressionWithItsPathAndInput() {
        ResourceInterfaceSpec ray = KartaExamples.spec("raycluster");
        List<JqField> fields = ray.jqFields();
        assertThat(fields).extracting(JqField::path).containsExactly(
                "spec.structureDefinition.rootComponent.statusDefinition.phaseDefinition.path",
                "spec.structureDefinition.childComponents[0].specDefinition.podTemplateSpecPath",
                "spec.structureDefinition.childComponents[0].scaleDefinition.replicasPath",
                "spec.structureDefinition.childComponents[0].podSelector.componentTypeSelector.keyPath",
                "spec.structureDefinition.childComponents[1].specDefinition.podTemplateSpecPath",
                "spec.structureDefinition.childComponents[1].scaleDefinition.replicasPath",
                "spec.structureDefinition.childComponents[1].scaleDefinition.minReplicasPath",
                "spec.structureDefinition.childComponents[1].scaleDefinition.maxReplicasPath",
                "spec.structureDefinition.childComponents[1].instanceIdPath",
                "spec.structureDefinition.childComponents[1].podSelector.componentTypeSelector.keyPath",
                "spec.structureDefinition.childComponents[1].podSelector.componentInstanceSelector.idPath",
                "spec.optimizationInstructions.gangScheduling.podGroups[0].members[0].groupByKeyPaths[0]",
                "spec.optimizationInstructions.gangScheduling.podGroups[0].members[1].groupByKeyPaths[0]");
        assertThat(fields.get(0).input()).isEqualTo(JqField.Input.WORKLOAD);
        assertThat(fields.get(3).input()).isEqualTo(JqField.Input.POD);
        assertThat(fields.get(11).input()).isEqualTo(JqField.Input.POD);
        assertThat(fields.get(8).expression()).isEqualTo(".spec.workerGroupSpecs[].groupName");
    }

    @Test
    void jqFieldsIncludeByExpressionsAndFragmentedPaths() {
        ResourceInterfaceSpec spec = RiParser.parse("""
                structureDefinition:
                  rootComponent:
                    name: r
                    specDefinition:
                      fragmentedPodSpecDefinition: {labelsPath: .spec.labels, imagePath: .spec.image}
                    statusDefinition:
                      statusMappings:
                        degraded:
                        - byExpression: {expression: .status.ready < .spec.replicas, expectedResult: "true"}
                """);
        assertThat(spec.jqFields()).extracting(JqField::path).containsExactly(
                "spec.structureDefinition.rootComponent.specDefinition.fragmentedPodSpecDefinition.labelsPath",
                "spec.structureDefinition.rootComponent.specDefinition.fragmentedPodSpecDefinition.imagePath",
                "spec.structureDefinition.rootComponent.statusDefinition.statusMappings.degraded[0].byExpression.expression");
    }

    @Test
    void scaleDefinitionsAreDetected() {
        assertThat(KartaExamples.spec("pytorch").hasScaleDefinitions()).isTrue();
        assertThat(RiParser.parse("structureDefinition: {rootComponent: {name: r}}").hasScaleDefinitions()).isFalse();
    }

    @Test
    void gvkPrintsItsApiVersion() {
        assertThat(new GroupVersionKind("", "v1", "Pod").apiVersion()).isEqualTo("v1");
        assertThat(new GroupVersionKind(null, "v1", "Pod").apiVersion()).isEqualTo("v1");
        assertThat(new GroupVersionKind("apps", "v1", "Deployment").apiVersion()).isEqualTo("apps/v1");
    }
}
