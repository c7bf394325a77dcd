/**
 * The HTTP layer and nothing else: every REST resource of the service ({@code @Path} classes: workload types,
 * categories, priorities, preview, token, Workloads V2/v1, projects, parked outbox events), their response bodies,
 * the exception mappers that give every error Run:ai's body, and request-level helpers (If-Match, the
 * subject of a token). Nothing outside this package depends on it (ArchitectureTest): business code lives in the
 * feature packages and fails with {@link io.kindred.registry.errors.ApiException}.
 */
package io.kindred.registry.api;
