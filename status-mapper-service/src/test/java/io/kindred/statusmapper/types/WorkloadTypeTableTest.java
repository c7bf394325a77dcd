package io.kindred.statusmapper.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.statusmapper.support.TestTopics;

class WorkloadTypeTableTest {

    private final WorkloadTypeTable table = new WorkloadTypeTable(new ResourceInterfaceCompiler());

    private static String ri(String version) {
        return TestTopics.ri("phase-job-template.json", Map.of("group", "example.com", "version", version, "kind", "Job"));
    }

    private static WorkloadTypeEvent event(long revision, WorkloadTypeChange change, String... versions) {
        Map<String, String> ris = new LinkedHashMap<>();
        for (String version : versions) {
            ris.put(version, ri(version));
        }
        return TestTopics.typeEvent("Job", "example.com", revision, change, ris);
    }

    private TypeTableChange apply(WorkloadTypeEvent event) throws InvalidWorkloadTypeException {
        return table.apply(event.getName(), event);
    }

    @Test
    void aNewTypeAddsOneBindingPerVersionInDeclarationOrder() throws Exception {
        TypeTableChange change = apply(event(1, WorkloadTypeChange.CREATED, "v1", "v1beta1"));
        assertThat(change.applied()).isTrue();
        assertThat(change.added()).extracting(b -> b.gvk().toString())
                .containsExactly("Job.example.com/v1", "Job.example.com/v1beta1");
        assertThat(change.added()).allSatisfy(b -> {
            assertThat(b.revision()).isEqualTo(1);
            assertThat(b.typeName()).isEqualTo("Job");
            assertThat(b.resourceInterface()).isNotNull();
        });
        assertThat(table.get("Job").versions().keySet()).containsExactly("v1", "v1beta1");
    }

    @Test
    void aDuplicateOrOlderRevisionIsANoOp() throws Exception {
        apply(event(5, WorkloadTypeChange.CREATED, "v1"));
        assertThat(apply(event(5, WorkloadTypeChange.SNAPSHOT, "v1", "v2")).ignoredBecause()).contains("not newer");
        assertThat(apply(event(4, WorkloadTypeChange.UPDATED, "v1", "v2")).applied()).isFalse();
        assertThat(table.get("Job").revision()).isEqualTo(5);
        assertThat(table.get("Job").versions().keySet()).containsExactly("v1");
    }

    @Test
    void aNewerRevisionAddsRemovesAndRebindsVersions() throws Exception {
        apply(event(1, WorkloadTypeChange.CREATED, "v1", "v1beta1"));
        TypeTableChange change = apply(event(2, WorkloadTypeChange.UPDATED, "v1", "v2"));
        assertThat(change.added()).extracting(b -> b.gvk().version()).containsExactly("v2");
        assertThat(change.removed()).extracting(GroupVersionKind::version).containsExactly("v1beta1");
        assertThat(change.updated()).singleElement().satisfies(u -> {
            assertThat(u.binding().revision()).isEqualTo(2);
            assertThat(u.resourceInterfaceChanged()).as("same RI text: only metadata changed").isFalse();
        });
    }

    @Test
    void aChangedResourceInterfaceIsFlaggedForReEvaluation() throws Exception {
        apply(event(1, WorkloadTypeChange.CREATED, "v1"));
        WorkloadTypeEvent next = event(2, WorkloadTypeChange.UPDATED, "v1");
        next.getType().getVersions().get(0).setResourceInterface(ri("v1").replace("Succeeded", "Complete"));
        TypeTableChange change = apply(next);
        assertThat(change.updated()).singleElement().satisfies(u -> assertThat(u.resourceInterfaceChanged()).isTrue());
    }

    @Test
    void deletionRemovesEveryVersionAndAStaleReplayCannotBringTheTypeBack() throws Exception {
        apply(event(3, WorkloadTypeChange.CREATED, "v1", "v2"));
        TypeTableChange deleted = apply(event(4, WorkloadTypeChange.DELETED, "v1", "v2"));
        assertThat(deleted.removed()).hasSize(2);
        assertThat(table.get("Job")).isNull();
        assertThat(apply(event(3, WorkloadTypeChange.SNAPSHOT, "v1")).applied()).isFalse();
        assertThat(table.get("Job")).isNull();
        assertThat(apply(event(5, WorkloadTypeChange.CREATED, "v1")).added()).hasSize(1);
    }

    @Test
    void aTombstoneRemovesTheTypeAndIsHarmlessWhenRepeated() throws Exception {
        apply(event(1, WorkloadTypeChange.CREATED, "v1"));
        assertThat(table.apply("Job", null).removed()).hasSize(1);
        assertThat(table.apply("Job", null).applied()).isFalse();
        assertThat(table.get("Job")).isNull();
    }

    @Test
    void aGroupChangeMovesTheWatchToTheNewGvk() throws Exception {
        apply(event(1, WorkloadTypeChange.CREATED, "v1"));
        WorkloadTypeEvent moved = event(2, WorkloadTypeChange.UPDATED, "v1");
        moved.getType().setGroup("example.org");
        TypeTableChange change = apply(moved);
        assertThat(change.added()).extracting(b -> b.gvk().toString()).containsExactly("Job.example.org/v1");
        assertThat(change.removed()).extracting(GroupVersionKind::toString).containsExactly("Job.example.com/v1");
    }

    @Test
    void inconsistentOrInvalidRecordsAreRejectedWithTheFieldNamedAndTheTableUnchanged() throws Exception {
        apply(event(1, WorkloadTypeChange.CREATED, "v1"));
        assertThatThrownBy(() -> table.apply("Other", event(2, WorkloadTypeChange.UPDATED, "v1")))
                .isInstanceOf(InvalidWorkloadTypeException.class)
                .hasMessageContaining("record key 'Other' differs from field 'name' 'Job'");
        WorkloadTypeEvent broken = event(2, WorkloadTypeChange.UPDATED, "v1", "v2");
        broken.getType().getVersions().get(1).setResourceInterface("{\"structureDefinition\": {\"rootComponent\": 5}}");
        assertThatThrownBy(() -> apply(broken))
                .isInstanceOf(InvalidWorkloadTypeException.class)
                .hasMessageContaining("workload type 'Job' revision 2, versions[1] (v2)")
                .hasMessageContaining("rootComponent");
        WorkloadTypeEvent twice = event(2, WorkloadTypeChange.UPDATED, "v1", "v1");
        twice.getType().getVersions().add(twice.getType().getVersions().get(0));
        assertThatThrownBy(() -> apply(twice)).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> table.apply(null, null)).hasMessageContaining("tombstone without a key");
        assertThat(table.get("Job").revision()).isEqualTo(1);
    }
}
