/**
 * {@code clusterStatuses}: every instance reads the status mappers' reports from {@code cluster-type-status} and
 * derives each type's Ready/NotReady/Unknown per cluster.
 */
package io.kindred.registry.clusterstatus;
