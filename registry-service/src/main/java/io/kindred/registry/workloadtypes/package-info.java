/**
 * Registering workload types: the create/update/delete/snapshot transactions
 * ({@link io.kindred.registry.workloadtypes.WorkloadTypeService}), the checks a request must pass
 * ({@link io.kindred.registry.workloadtypes.WorkloadTypeValidator}, {@link io.kindred.registry.workloadtypes.ResourceInterfaceChecks}),
 * the request bodies, and how the core API group is spelled on the API.
 */
package io.kindred.registry.workloadtypes;
