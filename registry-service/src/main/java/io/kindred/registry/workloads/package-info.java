/**
 * Workloads V2: submitted manifests checked against their workload type, stored and published through the outbox;
 * sync results and states read back from Kafka; the configured projects. The REST bodies are
 * {@link io.kindred.registry.workloads.WorkloadV2Api} and {@link io.kindred.registry.workloads.WorkloadV1Api}.
 */
package io.kindred.registry.workloads;
