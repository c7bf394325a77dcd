/**
 * The PostgreSQL tables as Hibernate Reactive entities, the per-name revision counter, and which database failures
 * are the client's conflict rather than a server fault.
 */
package io.kindred.registry.persistence;
