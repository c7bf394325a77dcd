package io.kindred.ri.gang;

import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.PodGroupDefinition;
import io.kindred.ri.model.PodGroupMember;
import io.kindred.ri.model.ResourceInterfaceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of an RI, computed once: components by name, parents, children, leaves, and for every component the
 * pod-group members that can take its pods, most specific first.
 *
 * <p>Tolerates RIs that fail validation (the CLI evaluates RIs as given): with duplicate names the first
 * definition wins, an ownerRef of {@code ""} counts as none, and ancestor walks stop at a cycle instead of looping.
 * Immutable and thread-safe.
 */
public final class StructureSummary {

    private final ResourceInterfaceSpec spec;
    private final Map<String, ComponentDefinition> components = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final Map<String, String> parents = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final List<String> leaves;
    private final List<String> names;
    private final boolean scaleDefined;
    private final Map<String, List<PodGroupCandidate>> candidates = new LinkedHashMap<>();
    private final Map<String, List<String>> ancestors = new LinkedHashMap<>();

    private StructureSummary(ResourceInterfaceSpec spec) {
        this.spec = spec;
        List<ComponentDefinition> all = spec.components();
        List<String> leafNames = new ArrayList<>();
        boolean anyScale = false;
        for (int i = 0; i < all.size(); i++) {
            ComponentDefinition component = all.get(i);
            if (component.name() == null || components.containsKey(component.name())) {
                continue;
            }
            components.put(component.name(), component);
            indexes.put(component.name(), i);
            if (component.isLeaf()) {
                leafNames.add(component.name());
            }
            anyScale |= component.scaleDefinition() != null;
        }
        for (ComponentDefinition component : components.values()) {
            String owner = component.ownerRef();
            if (owner != null && !owner.isEmpty()) {
                parents.put(component.name(), owner);
                children.computeIfAbsent(owner, k -> new ArrayList<>()).add(component.name());
            }
        }
        children.replaceAll((k, v) -> List.copyOf(v));
        for (String name : components.keySet()) {
            ancestors.put(name, findAncestors(name));
        }
        this.leaves = List.copyOf(leafNames);
        this.names = List.copyOf(components.keySet());
        this.scaleDefined = anyScale;
        for (String name : components.keySet()) {
            List<PodGroupCandidate> found = findCandidates(name);
            if (!found.isEmpty()) {
                candidates.put(name, List.copyOf(found));
            }
        }
    }

    /** Builds the summary of a parsed RI. */
    public static StructureSummary of(ResourceInterfaceSpec spec) {
        return new StructureSummary(spec);
    }

    public ResourceInterfaceSpec spec() {
        return spec;
    }

    /** Component names in definition order (root first). */
    public List<String> componentNames() {
        return names;
    }

    /** The component with this name, or {@code null}. */
    public ComponentDefinition component(String name) {
        return components.get(name);
    }

    /** JSON path of the component in the RI, or {@code null} for an unknown name. */
    public String componentPath(String name) {
        Integer index = indexes.get(name);
        return index == null ? null : ResourceInterfaceSpec.componentPath(index);
    }

    /** Leaves (components that define pods): root first, then children in definition order. */
    public List<String> leaves() {
        return leaves;
    }

    /** The parent's name, or {@code null} for the root (or a component whose ownerRef is missing). */
    public String parent(String name) {
        return parents.get(name);
    }

    /** Direct children in definition order. */
    public List<String> children(String name) {
        return children.getOrDefault(name, List.of());
    }

    /** True when at least one component has a scaleDefinition: subtree scales then come from scale definitions. */
    public boolean hasScaleDefinition() {
        return scaleDefined;
    }

    /** Ancestors, nearest first. Stops at a cycle. */
    public List<String> ancestors(String name) {
        List<String> known = ancestors.get(name);
        return known != null ? known : findAncestors(name);
    }

    private List<String> findAncestors(String name) {
        List<String> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(name);
        String current = parents.get(name);
        while (current != null && seen.add(current)) {
            result.add(current);
            current = parents.get(current);
        }
        return List.copyOf(result);
    }

    /** True when {@code ancestor} is a proper ancestor of {@code name}. */
    public boolean isAncestor(String ancestor, String name) {
        return ancestors(name).contains(ancestor);
    }

    /**
     * The pod-group members that can take a pod of this component, in the order they are tried: members naming the
     * component itself first, then members naming its parent, grandparent, …; within one level, pod groups and
     * their members in definition order.
     */
    public List<PodGroupCandidate> candidates(String name) {
        return candidates.getOrDefault(name, List.of());
    }

    private List<PodGroupCandidate> findCandidates(String name) {
        List<PodGroupCandidate> found = new ArrayList<>();
        List<String> levels = new ArrayList<>();
        levels.add(name);
        levels.addAll(ancestors(name));
        List<PodGroupDefinition> groups = spec.podGroups();
        for (String level : levels) {
            for (int g = 0; g < groups.size(); g++) {
                List<PodGroupMember> members = groups.get(g).members();
                for (int m = 0; m < members.size(); m++) {
                    if (level.equals(members.get(m).componentName())) {
                        found.add(new PodGroupCandidate(level, groups.get(g), members.get(m), g, m));
                    }
                }
            }
        }
        return found;
    }
}
