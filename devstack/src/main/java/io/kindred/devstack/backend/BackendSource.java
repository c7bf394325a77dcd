package io.kindred.devstack.backend;

/** Where a backend came from; decided once per backend when it is first needed. */
public enum BackendSource {
    /** An endpoint named by an environment variable (KAFKA_BOOTSTRAP_SERVERS, KINDRED_PG_URL, KUBECONFIG, APICURIO_REGISTRY_URL). */
    EXTERNAL,
    /** A container started through Testcontainers because a Docker daemon answered. */
    CONTAINER,
    /** Started inside this JVM (or, for PostgreSQL, as a child process of it). */
    EMBEDDED
}
