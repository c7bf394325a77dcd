package io.kindred.scheduleradapter.workloadtypes;

import io.kindred.ri.CompiledResourceInterface;
import io.kindred.scheduleradapter.gang.PolicyResolver.TypeDefaults;

/**
 * One registered kind at one version, as the adapter needs it.
 *
 * @param typeName workload type name (= the Kind)
 * @param revision the type's revision this RI belongs to
 * @param ri       the compiled RI of this version
 * @param defaults the type's registered priority and preemptibility
 */
public record RegisteredKind(String typeName, long revision, CompiledResourceInterface ri, TypeDefaults defaults) {
}
