/**
 * What every devstack backend shares: the {@link io.kindred.devstack.backend.Backend} contract (where it came from,
 * how a Quarkus service reaches it, how it stops) and quiet logging for the servers started in-process. The backends
 * themselves live in kafka, postgres, kubernetes and registry; the root package chooses and starts them.
 */
package io.kindred.devstack.backend;
