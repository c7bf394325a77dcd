package io.kindred.ri.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spec} of a ResourceInterface: the root of the model.
 *
 * <p>{@code structureDefinition} and its {@code rootComponent} are never {@code null} when the spec comes from
 * {@link io.kindred.ri.RiParser}; {@code optimizationInstructions} may be.
 */
public record ResourceInterfaceSpec(
        StructureDefinition structureDefinition,
        OptimizationInstructions optimizationInstructions) {

    /** JSON path prefix of the spec in error messages. */
    public static final String SPEC_PATH = "spec";
    public static final String ROOT_COMPONENT_PATH = SPEC_PATH + ".structureDefinition.rootComponent";
    public static final String CHILD_COMPONENTS_PATH = SPEC_PATH + ".structureDefinition.childComponents";
    public static final String POD_GROUPS_PATH = SPEC_PATH + ".optimizationInstructions.gangScheduling.podGroups";

    public ComponentDefinition rootComponent() {
        return structureDefinition == null ? null : structureDefinition.rootComponent();
    }

    /** Root first, then the children in definition order. */
    public List<ComponentDefinition> components() {
        return structureDefinition == null ? List.of() : structureDefinition.components();
    }

    /** The first component with this name (names are unique in a valid RI). */
    public Optional<ComponentDefinition> component(String name) {
        for (ComponentDefinition component : components()) {
            if (component.name() != null && component.name().equals(name)) {
                return Optional.of(component);
            }
        }
        return Optional.empty();
    }

    /** Components whose ownerRef names the given component, in definition order. */
    public List<ComponentDefinition> children(String componentName) {
        List<ComponentDefinition> children = new ArrayList<>();
        if (structureDefinition != null) {
            for (ComponentDefinition child : structureDefinition.childComponents()) {
                if (componentName != null && componentName.equals(child.ownerRef())) {
                    children.add(child);
                }
            }
        }
        return Collections.unmodifiableList(children);
    }

    /** Leaves (components that define pods), root first then children in definition order. */
    public List<ComponentDefinition> leaves() {
        return components().stream().filter(ComponentDefinition::isLeaf).toList();
    }

    /** True when at least one component has a scaleDefinition (this switches how subtree scale is computed). */
    public boolean hasScaleDefinitions() {
        return components().stream().anyMatch(c -> c.scaleDefinition() != null);
    }

    /** The pod groups, empty when there are no gang-scheduling instructions. */
    public List<PodGroupDefinition> podGroups() {
        if (optimizationInstructions == null || optimizationInstructions.gangScheduling() == null) {
            return List.of();
        }
        return optimizationInstructions.gangScheduling().podGroups();
    }

    /**
     * JSON path of the component at this index of {@link #components()}: index 0 is the root.
     */
    public static String componentPath(int indexInComponents) {
        return indexInComponents == 0 ? ROOT_COMPONENT_PATH : CHILD_COMPONENTS_PATH + "[" + (indexInComponents - 1) + "]";
    }

    /** JSON path of the first component with this name, or {@code null} if there is none. */
    public String componentPath(String name) {
        List<ComponentDefinition> all = components();
        for (int i = 0; i < all.size(); i++) {
            if (name != null && name.equals(all.get(i).name())) {
                return componentPath(i);
            }
        }
        return null;
    }

    /**
     * Every jq expression of the spec with its JSON path, in document order (components root first, then pod
     * groups). Absent fields are skipped; empty strings are included so that validation can report them.
     */
    public List<JqField> jqFields() {
        List<JqField> fields = new ArrayList<>();
        List<ComponentDefinition> all = components();
        for (int i = 0; i < all.size(); i++) {
            collect(fields, componentPath(i), all.get(i));
        }
        List<PodGroupDefinition> groups = podGroups();
        for (int g = 0; g < groups.size(); g++) {
            List<PodGroupMember> members = groups.get(g).members();
            for (int m = 0; m < members.size(); m++) {
                String memberPath = POD_GROUPS_PATH + "[" + g + "].members[" + m + "]";
                PodGroupMember member = members.get(m);
                for (int k = 0; k < member.groupByKeyPaths().size(); k++) {
                    fields.add(pod(memberPath + ".groupByKeyPaths[" + k + "]", member.groupByKeyPaths().get(k)));
                }
                for (int k = 0; k < member.filters().size(); k++) {
                    fields.add(pod(memberPath + ".filters[" + k + "]", member.filters().get(k)));
                }
            }
        }
        return Collections.unmodifiableList(fields);
    }

    private static void collect(List<JqField> fields, String path, ComponentDefinition c) {
        SpecDefinition spec = c.specDefinition();
        if (spec != null) {
            add(fields, path + ".specDefinition.podTemplateSpecPath", spec.podTemplateSpecPath());
            add(fields, path + ".specDefinition.podSpecPath", spec.podSpecPath());
            add(fields, path + ".specDefinition.metadataPath", spec.metadataPath());
            if (spec.fragmentedPodSpecDefinition() != null) {
                for (Map.Entry<String, String> e : spec.fragmentedPodSpecDefinition().paths().entrySet()) {
                    add(fields, path + ".specDefinition.fragmentedPodSpecDefinition." + e.getKey(), e.getValue());
                }
            }
        }
        ScaleDefinition scale = c.scaleDefinition();
        if (scale != null) {
            add(fields, path + ".scaleDefinition.replicasPath", scale.replicasPath());
            add(fields, path + ".scaleDefinition.minReplicasPath", scale.minReplicasPath());
            add(fields, path + ".scaleDefinition.maxReplicasPath", scale.maxReplicasPath());
        }
        StatusDefinition status = c.statusDefinition();
        if (status != null) {
            if (status.phaseDefinition() != null) {
                add(fields, path + ".statusDefinition.phaseDefinition.path", status.phaseDefinition().path());
            }
            if (status.conditionsDefinition() != null) {
                add(fields, path + ".statusDefinition.conditionsDefinition.path", status.conditionsDefinition().path());
            }
            StatusMappings mappings = status.statusMappings();
            addMatchers(fields, path + ".statusDefinition.statusMappings.initializing", mappings.initializing());
            addMatchers(fields, path + ".statusDefinition.statusMappings.running", mappings.running());
            addMatchers(fields, path + ".statusDefinition.statusMappings.completed", mappings.completed());
            addMatchers(fields, path + ".statusDefinition.statusMappings.failed", mappings.failed());
            addMatchers(fields, path + ".statusDefinition.statusMappings.degraded", mappings.degraded());
        }
        add(fields, path + ".instanceIdPath", c.instanceIdPath());
        PodSelector selector = c.podSelector();
        if (selector != null) {
            if (selector.componentTypeSelector() != null) {
                addPod(fields, path + ".podSelector.componentTypeSelector.keyPath", selector.componentTypeSelector().keyPath());
            }
            if (selector.componentInstanceSelector() != null) {
                addPod(fields, path + ".podSelector.componentInstanceSelector.idPath", selector.componentInstanceSelector().idPath());
            }
            if (selector.replicaSelector() != null) {
                addPod(fields, path + ".podSelector.replicaSelector.keyPath", selector.replicaSelector().keyPath());
            }
        }
    }

    private static void addMatchers(List<JqField> fields, String path, List<StatusMatcher> matchers) {
        for (int i = 0; i < matchers.size(); i++) {
            ExpressionMatcher byExpression = matchers.get(i).byExpression();
            if (byExpression != null) {
                add(fields, path + "[" + i + "].byExpression.expression", byExpression.expression());
            }
        }
    }

    private static void add(List<JqField> fields, String path, String expression) {
        if (expression != null) {
            fields.add(new JqField(path, expression, JqField.Input.WORKLOAD));
        }
    }

    private static void addPod(List<JqField> fields, String path, String expression) {
        if (expression != null) {
            fields.add(pod(path, expression));
        }
    }

    private static JqField pod(String path, String expression) {
        return new JqField(path, expression, JqField.Input.POD);
    }
}
