package io.kindred.ri.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.StatusMappings;
import io.kindred.ri.status.RiState;
import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.Scale;
import io.kindred.ri.structure.WorkloadStructure;
import io.kindred.ri.validate.RiValidator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalog holds what the built-in catalog plan promises, every file is a valid RI, and every kind is tested in
 * every state it can be in.
 */
class CatalogContentsTest {

    /** A kind the plan requires, with its API group, supported versions and default category. */
    private record Planned(String kind, String group, List<String> versions, String category) {
    }

    /** The plan (notes/catalog-plan.md): every built-in kind, its group, versions and Run:ai's default category. */
    private static final List<Planned> PLAN = List.of(
            new Planned("Deployment", "apps", List.of("v1"), "Deploy"),
            new Planned("StatefulSet", "apps", List.of("v1"), "Deploy"),
            new Planned("ReplicaSet", "apps", List.of("v1"), "Deploy"),
            new Planned("Pod", "", List.of("v1"), "Deploy"),
            new Planned("Job", "batch", List.of("v1"), "Build"),
            new Planned("CronJob", "batch", List.of("v1"), "Deploy"),
            new Planned("JobSet", "jobset.x-k8s.io", List.of("v1alpha2"), "Train"),
            new Planned("LeaderWorkerSet", "leaderworkerset.x-k8s.io", List.of("v1"), "Deploy"),
            new Planned("TFJob", "kubeflow.org", List.of("v1"), "Train"),
            new Planned("PyTorchJob", "kubeflow.org", List.of("v1"), "Train"),
            new Planned("XGBoostJob", "kubeflow.org", List.of("v1"), "Train"),
            new Planned("JAXJob", "kubeflow.org", List.of("v1"), "Train"),
            new Planned("MPIJob", "kubeflow.org", List.of("v2beta1", "v1"), "Train"),
            new Planned("RayCluster", "ray.io", List.of("v1"), "Train"),
            new Planned("RayJob", "ray.io", List.of("v1"), "Train"),
            new Planned("RayService", "ray.io", List.of("v1"), "Deploy"),
            new Planned("DynamoGraphDeployment", "nvidia.com", List.of("v1alpha1"), "Deploy"),
            // Run:ai calls this type "AMLJob"; the Kubernetes kind (the workload type's name) is AmlJob
            new Planned("AmlJob", "amlarc.azureml.com", List.of("v1alpha1"), "Train"),
            new Planned("NIMService", "apps.nvidia.com", List.of("v1alpha1"), "Deploy"),
            new Planned("Notebook", "kubeflow.org", List.of("v1"), "Build"),
            new Planned("ScheduledWorkflow", "kubeflow.org", List.of("v1beta1"), "Deploy"),
            new Planned("PipelineRun", "tekton.dev", List.of("v1"), "Deploy"),
            new Planned("TaskRun", "tekton.dev", List.of("v1"), "Build"),
            new Planned("SeldonDeployment", "machinelearning.seldon.io", List.of("v1"), "Deploy"),
            new Planned("Workflow", "argoproj.io", List.of("v1alpha1"), "Deploy"),
            new Planned("DevWorkspace", "workspace.devfile.io", List.of("v1alpha2"), "Build"),
            new Planned("Service", "serving.knative.dev", List.of("v1"), "Deploy"),
            new Planned("VirtualMachineInstance", "kubevirt.io", List.of("v1"), "Train"),
            new Planned("InferenceService", "serving.kserve.io", List.of("v1beta1"), "Deploy"),
            new Planned("Milvus", "milvus.io", List.of("v1beta1"), "Deploy"),
            // Slinky (SchedMD): Slurm compute nodes as pods; in Run:ai's current "Supported workload types" list
            new Planned("NodeSet", "slinky.slurm.net", List.of("v1beta1"), "Deploy"));

    /** Run:ai's default priority per category. */
    private static final Map<String, String> DEFAULT_PRIORITY = Map.of(
            "Build", "high", "Train", "low", "Deploy", "very-high");

    /** Kinds that are gangs: their fixtures must check pod groups and pod resolution. */
    private static final Set<String> GANG_KINDS = Set.of("PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "JAXJob",
            "JobSet", "LeaderWorkerSet", "RayCluster", "RayJob", "DynamoGraphDeployment");


    @TestFactory
    Stream<DynamicTest> everyFileIsAValidResourceInterface() {
        return BuiltinCatalog.files().stream().map(file -> dynamicTest(file.fileName(),
                () -> assertThat(RiValidator.validate(file.spec())).as(file.fileName()).isEmpty()));
    }

    @Test
    void theCatalogHoldsEveryPlannedKindWithItsDefaults() {
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        BuiltinCatalog.load().forEach(e -> entries.put(e.name(), e));
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(PLAN.stream().map(Planned::kind).toList());
        for (Planned planned : PLAN) {
            CatalogEntry entry = entries.get(planned.kind());
            assertThat(entry.group()).as(planned.kind() + " group").isEqualTo(planned.group());
            assertThat(entry.versions().stream().map(CatalogVersion::version).toList()).as(planned.kind() + " versions")
                    .containsExactlyElementsOf(planned.versions());
            assertThat(entry.category()).as(planned.kind() + " category").isEqualTo(planned.category());
            assertThat(entry.priority()).as(planned.kind() + " priority")
                    .isEqualTo(DEFAULT_PRIORITY.get(planned.category()));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKindHasAFixtureForEveryStateItDeclares() {
        Map<String, List<CatalogFixture>> fixtures = CatalogFixture.all();
        return BuiltinCatalog.files().stream().map(file -> dynamicTest(file.fileName(), () -> {
            Set<RiState> declared = declaredStates(file);
            assertThat(declared).as(file.fileName() + ": every kind can be initializing and running")
                    .contains(RiState.INITIALIZING, RiState.RUNNING);
            Set<RiState> covered = fixtures.getOrDefault(file.stem(), List.of()).stream()
                    .map(CatalogFixture::state)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(RiState.class)));
            assertThat(covered).as(file.fileName() + ": states with a fixture in catalog-fixtures/" + file.stem())
                    .containsAll(declared);
        }));
    }

    @TestFactory
    Stream<DynamicTest> gangKindsHaveGangFixtures() {
        Map<String, List<CatalogFixture>> all = CatalogFixture.all();
        return BuiltinCatalog.files().stream().filter(file -> GANG_KINDS.contains(file.kind().kind())).map(file ->
                dynamicTest(file.fileName(), () -> {
                    assertThat(file.spec().podGroups()).as(file.fileName() + ": pod groups").isNotEmpty();
                    List<CatalogFixture> fixtures = all.getOrDefault(file.stem(), List.of());
                    assertThat(fixtures).as(file.fileName() + ": fixtures expecting pod groups")
                            .anyMatch(f -> f.podGroups() != null && !f.podGroups().isEmpty());
                    assertThat(fixtures).as(file.fileName() + ": fixtures resolving pods")
                            .anyMatch(f -> !f.pods().isEmpty());
                    if (hasMinimumPath(file)) {
                        CompiledResourceInterface ri = CompiledResourceInterface.compile(file.spec());
                        assertThat(fixtures).as(file.fileName() + ": an elastic fixture (a component instance whose "
                                        + "minimum is below its replicas)")
                                .anyMatch(f -> f.podGroups() != null && isElastic(ri.structure(f.object())));
                    }
                }));
    }

    private static Set<RiState> declaredStates(CatalogFile file) {
        StatusMappings mappings = file.spec().rootComponent().statusDefinition().statusMappings();
        Set<RiState> declared = EnumSet.noneOf(RiState.class);
        if (!mappings.initializing().isEmpty()) {
            declared.add(RiState.INITIALIZING);
        }
        if (!mappings.running().isEmpty()) {
            declared.add(RiState.RUNNING);
        }
        if (!mappings.degraded().isEmpty()) {
            declared.add(RiState.DEGRADED);
        }
        if (!mappings.completed().isEmpty()) {
            declared.add(RiState.COMPLETED);
        }
        if (!mappings.failed().isEmpty()) {
            declared.add(RiState.FAILED);
        }
        return declared;
    }

    /** A component reads a minimum from the object (a constant minimum such as "1" is not elasticity). */
    private static boolean hasMinimumPath(CatalogFile file) {
        for (ComponentDefinition c : file.spec().components()) {
            if (c.scaleDefinition() != null && c.scaleDefinition().minReplicasPath() != null
                    && !c.scaleDefinition().minReplicasPath().strip().matches("\\d+")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isElastic(WorkloadStructure structure) {
        for (ComponentStructure component : structure.components().values()) {
            for (InstanceStructure instance : component.instances().values()) {
                Scale scale = instance.scale();
                if (scale != null && scale.minReplicas() != null && scale.replicas() != null
                        && scale.minReplicas() > 0 && scale.minReplicas() < scale.replicas()) {
                    return true;
                }
            }
        }
        return false;
    }
}
