package io.kindred.ri.gang;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindred.ri.RiParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructureSummaryTest {

    private static final StructureSummary SUMMARY = StructureSummary.of(RiParser.parse("""
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
                  - name: worker
                    ownerRef: group
                    specDefinition: {podTemplateSpecPath: .spec.worker}
                  - name: sidecar
                    ownerRef: job
                    specDefinition: {metadataPath: .spec.meta}
              optimizationInstructions:
                gangScheduling:
                  podGroups:
                    - name: whole
                      members:
                        - componentName: job
                    - name: per-group
                      members:
                        - componentName: group
                        - componentName: worker
                          filters: ['.metadata.labels.gpu == "yes"']
                    - name: workers
                      members:
                        - componentName: worker
            """));

    @Test
    void shape() {
        assertThat(SUMMARY.componentNames()).containsExactly("job", "group", "leader", "worker", "sidecar");
        // metadataPath alone does not make a leaf
        assertThat(SUMMARY.leaves()).containsExactly("leader", "worker");
        assertThat(SUMMARY.children("job")).containsExactly("group", "sidecar");
        assertThat(SUMMARY.children("group")).containsExactly("leader", "worker");
        assertThat(SUMMARY.parent("worker")).isEqualTo("group");
        assertThat(SUMMARY.parent("job")).isNull();
        assertThat(SUMMARY.ancestors("worker")).containsExactly("group", "job");
        assertThat(SUMMARY.hasScaleDefinition()).isFalse();
        assertThat(SUMMARY.componentPath("worker")).isEqualTo("spec.structureDefinition.childComponents[2]");
    }

    @Test
    void candidatesAreDirectFirstThenAncestorsEachLevelInDefinitionOrder() {
        assertThat(describe(SUMMARY.candidates("worker")))
                .containsExactly("per-group/worker", "workers/worker", "per-group/group", "whole/job");
        assertThat(describe(SUMMARY.candidates("leader"))).containsExactly("per-group/group", "whole/job");
        assertThat(describe(SUMMARY.candidates("sidecar"))).containsExactly("whole/job");
        assertThat(SUMMARY.candidates("worker").get(0).memberPath())
                .isEqualTo("spec.optimizationInstructions.gangScheduling.podGroups[1].members[1]");
    }

    private static List<String> describe(List<PodGroupCandidate> candidates) {
        return candidates.stream().map(c -> c.podGroup().name() + "/" + c.effectiveComponent()).toList();
    }
}
