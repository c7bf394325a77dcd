package io.kindred.ri.model;

/** How to read a workload's health: phase, conditions and the mappings from them to statuses. */
public record StatusDefinition(
        PhaseDefinition phaseDefinition,
        ConditionsDefinition conditionsDefinition,
        StatusMappings statusMappings) {

    public StatusDefinition {
        statusMappings = statusMappings == null ? StatusMappings.empty() : statusMappings;
    }
}
