package io.kindred.statusmapper.publish;

import io.kindred.events.WorkloadStatusEvent;

/** Where the mapping path hands its status events; the Kafka producer in production, a recorder in unit tests. */
public interface StatusEventSink {

    /** Outcome of one publication, called once, from any thread. */
    interface Outcome {
        void published();

        void failed(Exception cause);
    }

    /**
     * Publishes one event keyed by the workload UID. Must not block for long and must keep the order of calls for
     * the same key.
     */
    void send(String uid, WorkloadStatusEvent event, Outcome outcome);

    /**
     * Publishes a tombstone (null value) for the UID, which lets compaction drop the workload's records. Same
     * contract as {@link #send}.
     */
    default void sendTombstone(String uid, Outcome outcome) {
        outcome.failed(new UnsupportedOperationException(getClass().getSimpleName() + " cannot publish tombstones"));
    }
}
