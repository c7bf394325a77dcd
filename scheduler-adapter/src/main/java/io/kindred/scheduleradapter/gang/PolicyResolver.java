package io.kindred.scheduleradapter.gang;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.CompiledResourceInterface;
import io.kindred.ri.structure.ComponentStructure;
import io.kindred.ri.structure.InstanceStructure;
import io.kindred.ri.structure.WorkloadStructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides a gang's queue, priority class and preemptibility, each by the same chain, first value wins:
 * <ol>
 *   <li>a label on the root object;</li>
 *   <li>a label in one of the root's pod templates (in the RI's component order);</li>
 *   <li>the workload type's registered priority (its name mapped to a PriorityClass) and preemptibility;</li>
 *   <li>the configured default.</li>
 * </ol>
 * Labels, not annotations, as KAI reads them. Pure computation; thread-safe.
 */
public final class PolicyResolver {

    /**
     * @param queueLabels          label keys naming the queue, tried in order on each object
     * @param priorityLabel        label key naming the PriorityClass
     * @param preemptibilityLabel  label key naming the preemptibility
     * @param priorityClasses      registry priority name → PriorityClass name; a name not in the map is used as is
     */
    public record Settings(List<String> queueLabels, String priorityLabel, String preemptibilityLabel,
            Map<String, String> priorityClasses, SchedulingPolicy defaults) {
    }

    /** What the registry says about the workload type. */
    public record TypeDefaults(String priorityName, String preemptibility) {
    }

    private final Settings settings;

    public PolicyResolver(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param root the root object as the cluster has it, or {@code null} when it is not known (yet): the chain then
     *             starts at the workload type
     */
    public SchedulingPolicy resolve(CompiledResourceInterface ri, JsonNode root, TypeDefaults type) {
        List<JsonNode> labelSets = new ArrayList<>();
        if (root != null) {
            labelSets.add(root.path("metadata").path("labels"));
            labelSets.addAll(templateLabels(ri, root));
        }
        String queue = firstLabel(labelSets, settings.queueLabels());
        String priority = firstLabel(labelSets, List.of(settings.priorityLabel()));
        String preemptibility = firstLabel(labelSets, List.of(settings.preemptibilityLabel()));
        if (priority == null && type != null && type.priorityName() != null && !type.priorityName().isBlank()) {
            priority = settings.priorityClasses().getOrDefault(type.priorityName(), type.priorityName());
        }
        if (preemptibility == null && type != null) {
            preemptibility = blankToNull(type.preemptibility());
        }
        SchedulingPolicy defaults = settings.defaults();
        return new SchedulingPolicy(
                queue != null ? queue : defaults.queue(),
                priority != null ? priority : defaults.priorityClassName(),
                preemptibility != null ? preemptibility : defaults.preemptibility());
    }

    private static List<JsonNode> templateLabels(CompiledResourceInterface ri, JsonNode root) {
        List<JsonNode> labels = new ArrayList<>();
        WorkloadStructure structure = ri.structure(root);
        for (ComponentStructure component : structure.components().values()) {
            for (InstanceStructure instance : component.instances().values()) {
                if (instance.podTemplateSpec() != null) {
                    labels.add(instance.podTemplateSpec().path("metadata").path("labels"));
                } else if (instance.metadata() != null) {
                    labels.add(instance.metadata().path("labels"));
                } else if (instance.fragmentedPodSpec() != null && instance.fragmentedPodSpec().get("labels") != null) {
                    labels.add(instance.fragmentedPodSpec().get("labels"));
                }
            }
        }
        return labels;
    }

    private static String firstLabel(List<JsonNode> labelSets, List<String> keys) {
        for (JsonNode labels : labelSets) {
            if (!labels.isObject()) {
                continue;
            }
            for (String key : keys) {
                JsonNode value = labels.get(key);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
