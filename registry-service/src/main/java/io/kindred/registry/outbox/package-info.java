/**
 * The transactional outbox: events are written in the transaction of the change they describe and relayed to Kafka
 * ({@code workload-types}, {@code workload-submissions}) in order per key; poison rows are parked. Also the Kafka
 * readiness check and the outbox's metrics.
 */
package io.kindred.registry.outbox;
