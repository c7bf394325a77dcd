package io.kindred.ri.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The component hierarchy: a root, its descendants, and other kinds the workload creates. */
public record StructureDefinition(
        ComponentDefinition rootComponent,
        List<ComponentDefinition> childComponents,
        List<GroupVersionKind> additionalChildKinds) {

    public StructureDefinition {
        childComponents = Lists.copy(childComponents);
        additionalChildKinds = Lists.copy(additionalChildKinds);
    }

    /** The root followed by the children, in definition order. */
    public List<ComponentDefinition> components() {
        List<ComponentDefinition> all = new ArrayList<>(childComponents.size() + 1);
        if (rootComponent != null) {
            all.add(rootComponent);
        }
        all.addAll(childComponents);
        return Collections.unmodifiableList(all);
    }
}
