package io.kindred.ri.gang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.RiEvaluationException;
import org.junit.jupiter.api.Test;

class SubtreeScalesTest {

    private static final String ROOT = """
            spec:
              structureDefinition:
                rootComponent:
                  name: root
                  kind: {group: example.com, version: v1, kind: Root}
                  statusDefinition: {statusMappings: {}}
            """;

    /** root → a → (b, c): every scale path reads .spec.<component>. */
    private static final CompiledResourceInterface NESTED = Fixtures.ri(ROOT.replace("{statusMappings: {}}", """
                  {statusMappings: {}}
                  scaleDefinition: {replicasPath: .spec.root}
            """) + """
                childComponents:
                  - name: a
                    ownerRef: root
                    scaleDefinition: {replicasPath: .spec.a, minReplicasPath: .spec.aMin}
                  - name: b
                    ownerRef: a
                    specDefinition: {podTemplateSpecPath: .spec.bTemplate}
                    scaleDefinition: {replicasPath: .spec.b}
                  - name: c
                    ownerRef: a
                    specDefinition: {podTemplateSpecPath: .spec.cTemplate}
                    scaleDefinition: {replicasPath: .spec.c}
            """);

    private static long scale(CompiledResourceInterface ri, String object, String component, String instance) {
        return ri.subtreeScale(Fixtures.yaml(object), component, instance);
    }

    @Test
    void leafIsItsEffectiveMinimum() {
        assertThat(scale(NESTED, "{spec: {b: 4}}", "b", null)).isEqualTo(4);
        assertThat(scale(NESTED, "{spec: {}}", "b", null)).isZero();
    }

    @Test
    void parentScaleMultipliesTheChildrenSumAtEveryLevel() {
        // c = 1 + 2 = 3 under a (2) = 6, under root (5) = 30
        String object = "{spec: {root: 5, a: 2, b: 1, c: 2}}";
        assertThat(scale(NESTED, object, "a", null)).isEqualTo(6);
        assertThat(scale(NESTED, object, "root", null)).isEqualTo(30);
    }

    @Test
    void parentWithoutScaleCarriesTheChildrenSumAndChildrenWithoutScaleLeaveTheParents() {
        assertThat(scale(NESTED, "{spec: {b: 1, c: 2}}", "root", null)).isEqualTo(3);
        assertThat(scale(NESTED, "{spec: {root: 7}}", "root", null)).isEqualTo(7);
        assertThat(scale(NESTED, "{spec: {a: 4}}", "root", null)).isEqualTo(4);
    }

    @Test
    void elasticMinimumWinsAndAnExplicitZeroMinimumFallsBackToReplicas() {
        assertThat(scale(NESTED, "{spec: {a: 4, aMin: 2, b: 1}}", "a", null)).isEqualTo(2);
        assertThat(scale(NESTED, "{spec: {a: 4, aMin: 0, b: 1}}", "a", null)).isEqualTo(4);
        assertThat(scale(NESTED, "{spec: {a: 0, aMin: 0, b: 1, c: 1}}", "a", null)).isEqualTo(2);
    }

    private static final CompiledResourceInterface GROUPS = Fixtures.ri(ROOT + """
                childComponents:
                  - name: head
                    ownerRef: root
                    specDefinition: {podTemplateSpecPath: .spec.head}
                    scaleDefinition: {replicasPath: "1"}
                  - name: workers
                    ownerRef: root
                    instanceIdPath: .spec.groups | keys_unsorted[]
                    podSelector:
                      componentInstanceSelector: {idPath: .metadata.labels.group}
                    specDefinition: {podTemplateSpecPath: ".spec.groups[].template"}
                    scaleDefinition:
                      replicasPath: .spec.groups[].replicas
                      minReplicasPath: .spec.groups[].minReplicas
            """);

    private static final String GROUPS_OBJECT = """
            spec:
              head: {}
              groups:
                small: {replicas: 2, minReplicas: 1, template: {}}
                large: {replicas: 3, template: {}}
            """;

    @Test
    void instanceScopesOnlyTheStartingComponent() {
        assertThat(scale(GROUPS, GROUPS_OBJECT, "workers", null)).isEqualTo(4);
        assertThat(scale(GROUPS, GROUPS_OBJECT, "workers", "small")).isEqualTo(1);
        assertThat(scale(GROUPS, GROUPS_OBJECT, "workers", "large")).isEqualTo(3);
        assertThat(scale(GROUPS, GROUPS_OBJECT, "root", null)).isEqualTo(5);
    }

    @Test
    void emptyAndUnknownInstanceIdsAreErrors() {
        JsonNode object = Fixtures.yaml(GROUPS_OBJECT);
        assertThatThrownBy(() -> GROUPS.subtreeScale(object, "workers", ""))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessage("component 'workers': the instance id is empty; give no instance id for the whole component, "
                        + "or one of its instance ids");
        assertThatThrownBy(() -> GROUPS.subtreeScale(object, "workers", "medium"))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessage("component 'workers' has no instance \"medium\"; its instances are [\"small\", \"large\"]");
        // a component without instanceIdPath has only the instance ""
        assertThatThrownBy(() -> GROUPS.subtreeScale(object, "head", "x"))
                .hasMessage("component 'head' has no instance \"x\"; its instances are [\"\"]");
        assertThatThrownBy(() -> GROUPS.subtreeScale(object, "nope", null))
                .hasMessage("unknown component 'nope'; the RI defines [\"root\", \"head\", \"workers\"]");
    }

    @Test
    void withoutAnyScaleDefinitionTheScaleIsTheNumberOfLeafInstances() {
        CompiledResourceInterface ri = Fixtures.ri(ROOT + """
                    childComponents:
                      - name: head
                        ownerRef: root
                        specDefinition: {podTemplateSpecPath: .spec.head}
                      - name: middle
                        ownerRef: root
                      - name: workers
                        ownerRef: middle
                        instanceIdPath: .spec.groups[].name
                        podSelector:
                          componentInstanceSelector: {idPath: .metadata.labels.group}
                        specDefinition: {podTemplateSpecPath: ".spec.groups[].template"}
                """);
        String object = "{spec: {head: {}, groups: [{name: x, template: {}}, {name: y, template: {}}, {name: z, template: {}}]}}";

        assertThat(scale(ri, object, "root", null)).isEqualTo(4);
        assertThat(scale(ri, object, "middle", null)).isEqualTo(3);
        assertThat(scale(ri, object, "workers", null)).isEqualTo(3);
        assertThat(scale(ri, object, "workers", "y")).isEqualTo(1);
        assertThat(scale(ri, object, "head", null)).isEqualTo(1);
        assertThatThrownBy(() -> scale(ri, object, "workers", "w")).isInstanceOf(RiEvaluationException.class);
    }

    @Test
    void scaleErrorsNameTheField() {
        assertThatThrownBy(() -> scale(NESTED, "{spec: {root: 2, a: 1, b: \"many\"}}", "root", null))
                .isInstanceOf(RiEvaluationException.class)
                .hasFieldOrPropertyWithValue("path", "spec.structureDefinition.childComponents[1].scaleDefinition.replicasPath");
    }

    @Test
    void anOwnershipCycleIsAnErrorNotAHang() {
        // invalid RI (evaluated as given): x and y own each other
        CompiledResourceInterface ri = Fixtures.ri(ROOT + """
                    childComponents:
                      - name: x
                        ownerRef: y
                        scaleDefinition: {replicasPath: "1"}
                      - name: y
                        ownerRef: x
                """);
        assertThatThrownBy(() -> scale(ri, "{}", "x", null))
                .isInstanceOf(RiEvaluationException.class)
                .hasMessageContaining("ownership cycle");
    }
}
