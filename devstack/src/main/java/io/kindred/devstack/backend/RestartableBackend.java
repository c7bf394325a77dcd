package io.kindred.devstack.backend;

/**
 * A backend a harness can take down and bring back on the same address with its data, to watch the services ride
 * out the outage (the embedded PostgreSQL, the mock Kubernetes API). Kafka has its own pair, {@code stopBroker} and
 * {@code startBroker}.
 */
public interface RestartableBackend extends Backend {

    /** Whether {@link #stopServer()} and {@link #startServer()} are available: only for what the devstack started. */
    default boolean supportsRestart() {
        return false;
    }

    /**
     * Takes the server down (its port refuses connections, open connections are cut), keeping its data and its
     * address. Idempotent.
     *
     * @throws UnsupportedOperationException for a server the devstack did not start
     */
    default void stopServer() {
        throw new UnsupportedOperationException(description() + " was not started by the devstack, so it cannot be"
                + " stopped by it");
    }

    /** Brings the server back on the same address with the data it had; returns once it serves. Idempotent. */
    default void startServer() {
        throw new UnsupportedOperationException(description() + " was not started by the devstack, so it cannot be"
                + " started by it");
    }
}
