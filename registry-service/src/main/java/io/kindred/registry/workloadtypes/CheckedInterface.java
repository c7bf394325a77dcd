package io.kindred.registry.workloadtypes;

import io.kindred.ri.model.ResourceInterfaceSpec;

/**
 * A Resource Interface that passed every check: its place in the request's list, its CRD version, its root kind and
 * its canonical JSON.
 */
public record CheckedInterface(int index, String version, String kind, String group, ResourceInterfaceSpec spec, String canonicalJson) {
}
