package io.kindred.registry.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.persistence.ResourceInterfaceVersion;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.RiParser;
import io.kindred.ri.gang.RiPodGroupRequirement;
import io.kindred.ri.gang.StructureSummary;
import io.kindred.ri.model.SpecDefinition;
import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.RiEvaluationException;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a manifest against what its workload type's Resource Interface needs, with ri-core, before the registry
 * accepts it: the RI's paths resolve on it (structure without errors), the gang can be computed from it (what the
 * scheduler-adapter does before anything exists), and the manifest has pod templates (or pod specs) where the RI
 * reads them. An instance without its template has no pods (ri-core's rule): a job without workers is fine, a manifest
 * whose pods are all somewhere the RI does not look is refused. Compiled RIs are cached per type revision and version.
 */
final class ManifestChecks {

    /**
     * What the check found: the RI, the pods the workload asks for, and the RI's components that have pods (its
     * leaves), over which the status events' scales are summed.
     */
    record Checked(CompiledResourceInterface ri, Integer requestedPods, Integer minPods, List<String> podComponents) {
    }

    private static final Map<String, CompiledResourceInterface> COMPILED = new ConcurrentHashMap<>();

    private ManifestChecks() {
    }

    static CompiledResourceInterface compiled(WorkloadTypeEntity type, ResourceInterfaceVersion version) {
        String key = type.id + "@" + type.revision + "/" + version.version;
        return COMPILED.computeIfAbsent(key, k -> CompiledResourceInterface.compile(RiParser.parse(version.specJson)));
    }

    /** @return null when the manifest does not fit the RI ({@code problems} says where) */
    static Checked check(CompiledResourceInterface ri, JsonNode manifest, List<Problem> problems) {
        int before = problems.size();
        WorkloadStructure structure = ri.structure(manifest);
        for (String error : structure.errors()) {
            problems.add(new Problem("manifest", "does not fit the Resource Interface of its type: " + error));
        }
        StructureSummary summary = ri.structureSummary();
        int requested = 0;
        boolean anyPods = false;
        for (String leaf : summary.leaves()) {
            ComponentStructure component = structure.component(leaf);
            if (component == null) {
                continue; // its instance ids could not be read: already an error above
            }
            for (InstanceStructure instance : component.instances().values()) {
                // An instance without its pod template has no pods (ri-core's rule, e.g. a PyTorchJob without workers)
                boolean hasPods = instance.podTemplateSpec() != null || instance.podSpec() != null
                        || (instance.fragmentedPodSpec() != null && !instance.fragmentedPodSpec().isEmpty());
                if (hasPods) {
                    anyPods = true;
                    requested += instance.scale() == null ? 1 : replicas(instance);
                }
            }
        }
        if (!anyPods && problems.size() == before) {
            problems.add(new Problem("manifest", "defines no pods where its Resource Interface reads them: "
                    + summary.leaves().stream().map(leaf -> "component '" + leaf + "' at "
                            + where(summary.component(leaf).specDefinition())).collect(Collectors.joining(", "))));
        }
        Integer minPods = null;
        if (problems.size() == before) {
            try {
                List<RiPodGroupRequirement> groups = ri.podGroups(manifest);
                minPods = groups.isEmpty() ? null : groups.stream().mapToInt(RiPodGroupRequirement::minMember).sum();
            } catch (RiEvaluationException e) {
                problems.add(new Problem("manifest", "its gang cannot be computed with the Resource Interface: "
                        + e.getMessage()));
            }
        }
        return problems.size() == before ? new Checked(ri, requested, minPods, List.copyOf(summary.leaves())) : null;
    }

    private static int replicas(InstanceStructure instance) {
        Integer replicas = instance.scale().replicas();
        if (replicas != null) {
            return replicas;
        }
        return Math.max(instance.scale().effectiveMinimum(), 1);
    }

    private static String where(SpecDefinition spec) {
        if (spec == null) {
            return "no specDefinition";
        }
        if (spec.podTemplateSpecPath() != null) {
            return "podTemplateSpecPath " + spec.podTemplateSpecPath();
        }
        if (spec.podSpecPath() != null) {
            return "podSpecPath " + spec.podSpecPath();
        }
        return "fragmentedPodSpecDefinition";
    }
}
