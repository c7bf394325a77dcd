package io.kindred.ri.model;

/**
 * One jq expression of an RI, where it sits and what it is evaluated on.
 *
 * @param path       the field's JSON path, e.g. {@code spec.structureDefinition.childComponents[1].scaleDefinition.replicasPath}
 * @param expression the jq source
 * @param input      what the expression is evaluated on
 */
public record JqField(String path, String expression, Input input) {

    /** The document a jq field is evaluated on. */
    public enum Input {
        /** the workload object (spec, scale, status and instance id paths) */
        WORKLOAD,
        /** a pod (pod selectors, groupByKeyPaths and filters) */
        POD
    }
}
