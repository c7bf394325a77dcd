/**
 * Start-up seeding: the categories and priorities with their stable ids, every built-in workload type of ri-core's
 * catalog, and the first snapshot of all types into the outbox; readiness waits for it.
 */
package io.kindred.registry.catalog;
