package io.kindred.devstack.backend;

import java.util.Map;

/**
 * A running service the devstack provides. Closing it stops what the devstack started; an {@link BackendSource#EXTERNAL}
 * backend is only forgotten, never stopped.
 */
public interface Backend extends AutoCloseable {

    BackendSource source();

    /** One line for humans, e.g. {@code "Kafka 4.1.2 in-process (KRaft) at localhost:9092"}. */
    String description();

    /**
     * The configuration a Quarkus service needs to reach this backend, keyed by Quarkus/MicroProfile property name
     * (the values the Quarkus test resources return).
     */
    Map<String, String> quarkusConfig();

    /** Stops what the devstack started. Never throws: a failure is logged, since it runs from shutdown hooks. */
    @Override
    void close();
}
