package io.kindred.statusmapper.clusterstatus;

import io.kindred.events.ClusterTypeStatusEvent;

/** Where cluster status reports go (Kafka in the service, a list in unit tests). */
public interface ClusterStatusSink extends AutoCloseable {

    /** Called once per record, on the producer's thread: null when it was acknowledged, else the failure. */
    interface Outcome {
        void done(Throwable failure);
    }

    /** Publishes a report; {@code event == null} publishes a tombstone for the key. */
    void send(String key, ClusterTypeStatusEvent event, Outcome outcome);

    /** Sends what is pending within a bound and releases the producer. */
    @Override
    void close();
}
