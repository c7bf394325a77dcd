package io.kindred.workloadtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kindred.events.ResourceInterfaceVersion;
import io.kindred.events.WorkloadType;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.events.WorkloadTypeEvent;
import io.kindred.ri.model.GroupVersionKind;

class WorkloadTypeTableTest {

    private final WorkloadTypeTable table = new WorkloadTypeTable(new ResourceInterfaceCompiler());

    /** A job whose pods are its workers, phase from {@code .status.phase}. */
    static String ri(String group, String version, String kind) {
        return """
                {"structureDefinition": {
                  "rootComponent": {"name": "job", "kind": {"group": "%s", "version": "%s", "kind": "%s"},
                    "statusDefinition": {"phaseDefinition": {"path": ".status.phase"},
                      "statusMappings": {"initializing": [{"byPhase": "Pending"}], "running": [{"byPhase": "Running"}],
                        "completed": [{"byPhase": "Succeeded"}], "failed": [{"byPhase": "Failed"}]}}},
                  "childComponents": [{"name": "worker", "kind": {"group": "", "version": "v1", "kind": "Pod"},
                    "ownerRef": "job", "specDefinition": {"podTemplateSpecPath": ".spec.template"},
                    "scaleDefinition": {"replicasPath": ".spec.replicas"}}]}}
                """.formatted(group, version, kind);
    }

    private static String ri(String version) {
        return ri("example.com", version, "Job");
    }

    /** A record as the registry publishes it. */
    static WorkloadTypeEvent typeEvent(String name, String group, long revision, WorkloadTypeChange change,
            Map<String, String> riByVersion) {
        List<ResourceInterfaceVersion> versions = new ArrayList<>();
        riByVersion.forEach((version, ri) -> versions.add(new ResourceInterfaceVersion(version, ri)));
        WorkloadType type = WorkloadType.newBuilder()
                .setId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .setName(name).setGroup(group).setCategoryId("train").setCategoryName("Train")
                .setPriorityId("low").setPriorityName("low").setPreemptibility(null).setBuiltin(false)
                .setVersions(versions).build();
        return WorkloadTypeEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setChange(change).setRevision(revision).setName(name).setType(type).build();
    }

    private static WorkloadTypeEvent event(long revision, WorkloadTypeChange change, String... versions) {
        Map<String, String> ris = new LinkedHashMap<>();
        for (String version : versions) {
            ris.put(version, ri(version));
        }
        return typeEvent("Job", "example.com", revision, change, ris);
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
        moved.getType().getVersions().get(0).setResourceInterface(ri("example.org", "v1", "Job"));
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

    @Test
    void theTypesSchedulingDefaultsAreKept() throws Exception {
        WorkloadTypeEvent event = event(1, WorkloadTypeChange.CREATED, "v1");
        event.getType().setPreemptibility("non-preemptible");
        apply(event);
        assertThat(table.get("Job").priorityName()).isEqualTo("low");
        assertThat(table.get("Job").preemptibility()).isEqualTo("non-preemptible");
        assertThat(table.get("Job").binding("example.com", "v1")).isNotNull();
        assertThat(table.get("Job").binding("example.org", "v1")).as("another group's Job").isNull();
    }

    // What follows is refused because the registry would refuse it: a record on the topic is not proof that it came
    // through the registry, and a forged one must not make a service watch Secrets or an arbitrary kind.

    @Test
    void aSensitiveCoreKindIsRefusedAndNeverWatched() {
        for (String kind : new String[] {"Secret", "ConfigMap", "ServiceAccount"}) {
            WorkloadTypeEvent forged = typeEvent(kind, "", 1, WorkloadTypeChange.CREATED, Map.of("v1", ri("", "v1", kind)));
            assertThatThrownBy(() -> apply(forged)).as(kind).isInstanceOf(InvalidWorkloadTypeException.class)
                    .hasMessageContaining("workload type '" + kind + "'")
                    .hasMessageContaining("cannot be a workload type");
            assertThat(table.get(kind)).isNull();
        }
    }

    @Test
    void rbacKindsAreRefused() {
        for (String kind : new String[] {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
            WorkloadTypeEvent forged = typeEvent(kind, "rbac.authorization.k8s.io", 1, WorkloadTypeChange.CREATED,
                    Map.of("v1", ri("rbac.authorization.k8s.io", "v1", kind)));
            assertThatThrownBy(() -> apply(forged)).as(kind).hasMessageContaining("credentials or permissions");
            assertThat(table.size()).isZero();
        }
    }

    @Test
    void anRiWhoseRootIsAnotherKindIsRefused() {
        // the type says Job, its RI's root is a Secret: the watch would be on the type's kind, the RI would lie
        WorkloadTypeEvent forged = typeEvent("Job", "example.com", 1, WorkloadTypeChange.CREATED,
                Map.of("v1", ri("", "v1", "Secret")));
        assertThatThrownBy(() -> apply(forged)).isInstanceOf(InvalidWorkloadTypeException.class)
                .hasMessageContaining("versions[0] (v1)")
                .hasMessageContaining("rootComponent.kind.kind")
                .hasMessageContaining("must equal the workload type name 'Job'");
        WorkloadTypeEvent otherVersion = typeEvent("Job", "example.com", 1, WorkloadTypeChange.CREATED,
                Map.of("v2", ri("v1")));
        assertThatThrownBy(() -> apply(otherVersion)).hasMessageContaining("rootComponent.kind.version");
        assertThat(table.get("Job")).isNull();
    }

    @Test
    void namesGroupsAndVersionCountsTheRegistryRefusesAreRefused() {
        WorkloadTypeEvent lower = typeEvent("job", "example.com", 1, WorkloadTypeChange.CREATED,
                Map.of("v1", ri("example.com", "v1", "job")));
        assertThatThrownBy(() -> apply(lower)).hasMessageContaining("field 'name'").hasMessageContaining("not a Kubernetes Kind");
        WorkloadTypeEvent badGroup = typeEvent("Job", "Example.COM", 1, WorkloadTypeChange.CREATED,
                Map.of("v1", ri("Example.COM", "v1", "Job")));
        assertThatThrownBy(() -> apply(badGroup)).hasMessageContaining("field 'type.group'");
        Map<String, String> five = new LinkedHashMap<>();
        for (String version : new String[] {"v1", "v2", "v3", "v4", "v5"}) {
            five.put(version, ri(version));
        }
        assertThatThrownBy(() -> apply(typeEvent("Job", "example.com", 1, WorkloadTypeChange.CREATED, five)))
                .hasMessageContaining("at most 4");
        assertThatThrownBy(() -> apply(typeEvent("Job", "example.com", 1, WorkloadTypeChange.CREATED, Map.of())))
                .hasMessageContaining("at least one");
        assertThat(table.size()).isZero();
    }
}
