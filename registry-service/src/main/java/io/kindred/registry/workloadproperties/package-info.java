/**
 * Run:ai's "workload properties": the workload categories and priorities every installation has, held in memory
 * once seeded, and Run:ai's rule deriving a type's preemptibility from its priority.
 */
package io.kindred.registry.workloadproperties;
