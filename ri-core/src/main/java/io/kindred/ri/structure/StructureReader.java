package io.kindred.ri.structure;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.ri.jq.JqExpressions;
import io.kindred.ri.model.ComponentDefinition;
import io.kindred.ri.model.ResourceInterfaceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the structure an RI describes out of workload objects: for every component its instances, their replica
 * counts and pod specs. Built once per RI (every path compiled once); immutable and thread-safe.
 */
public final class StructureReader {

    private final Map<String, ComponentReader> readers;
    private final Map<String, Integer> ordinals;

    public StructureReader(ResourceInterfaceSpec spec, JqExpressions compiled) {
        Map<String, ComponentReader> byName = new LinkedHashMap<>();
        List<ComponentDefinition> components = spec.components();
        for (int i = 0; i < components.size(); i++) {
            ComponentDefinition component = components.get(i);
            // with duplicate names (an invalid RI evaluated anyway) the first definition wins, as everywhere
            if (component.name() != null && !byName.containsKey(component.name())) {
                byName.put(component.name(), new ComponentReader(component, ResourceInterfaceSpec.componentPath(i), compiled));
            }
        }
        this.readers = Collections.unmodifiableMap(byName);
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            positions.put(name, positions.size());
        }
        this.ordinals = Collections.unmodifiableMap(positions);
    }

    /**
     * The position of a component among the readers (0 = root), for per-evaluation caches kept in arrays; -1 for an
     * unknown name.
     */
    public int ordinal(String name) {
        Integer ordinal = ordinals.get(name);
        return ordinal == null ? -1 : ordinal;
    }

    /** The reader of one component, or {@code null} for an unknown name. */
    public ComponentReader component(String name) {
        return readers.get(name);
    }

    /** All component readers, in definition order. */
    public Map<String, ComponentReader> components() {
        return readers;
    }

    /** Reads every component; never throws — problems are listed in {@link WorkloadStructure#errors()}. */
    public WorkloadStructure read(JsonNode object) {
        List<String> errors = new ArrayList<>();
        Map<String, ComponentStructure> components = new LinkedHashMap<>();
        for (ComponentReader reader : readers.values()) {
            ComponentStructure component = reader.read(object, errors);
            if (component != null) {
                components.put(reader.name(), component);
            }
        }
        return new WorkloadStructure(components, errors);
    }
}
