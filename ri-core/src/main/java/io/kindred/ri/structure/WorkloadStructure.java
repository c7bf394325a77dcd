package io.kindred.ri.structure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the structure part of an RI reads from one workload object: components in definition order (root
 * first), each with its instances.
 *
 * <p>Evaluation never throws: a problem is reported in {@code errors} (each message starts with the JSON path of
 * the RI field at fault) and the affected values are left out — a component whose instance ids cannot be read is
 * left out entirely; a failing spec or scale path leaves only that value out.
 *
 * @param components the components by name, in definition order
 * @param errors     the problems met, in evaluation order; empty when the object was read cleanly
 */
public record WorkloadStructure(Map<String, ComponentStructure> components, List<String> errors) {

    public WorkloadStructure {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        errors = List.copyOf(errors);
    }

    /** The component with this name, or {@code null}. */
    public ComponentStructure component(String name) {
        return components.get(name);
    }

    /** True when nothing went wrong. */
    public boolean isComplete() {
        return errors.isEmpty();
    }
}
