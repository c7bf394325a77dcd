package io.kindred.ri.structure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One component of a workload object: its instance ids in the order instanceIdPath yields them, and what was read
 * for each instance.
 *
 * @param name        the component name
 * @param instanceIds the ids, in order; {@code [""]} for a component without instanceIdPath
 * @param instances   the instances by id, in the order of {@code instanceIds}
 */
public record ComponentStructure(String name, List<String> instanceIds, Map<String, InstanceStructure> instances) {

    public ComponentStructure {
        instanceIds = List.copyOf(instanceIds);
        instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
    }

    /** The instance with this id, or {@code null}. */
    public InstanceStructure instance(String id) {
        return instances.get(id);
    }
}
