package io.kindred.statusmapper.leadership;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.statusmapper.clusterstatus.ClusterStatusSink;
import io.kindred.statusmapper.publish.StatusEventSink;

/**
 * Lets a record out only while this replica leads and still knows its Lease to be held (the leader election's
 * {@code mayAct}). Checked per record, right before it is handed to the producer, so a leader that lost its Lease,
 * or stalled past its renew deadline, stops publishing at its next record instead of when its pipeline has been
 * torn down. A refused record is dropped, not failed: the replica stops mapping anyway, and the new leader's
 * reconciliation (state store rebuilt from workload-status, then every kind's list compared with it) publishes
 * whatever the dropped record would have said.
 */
public final class PublishGate {

    private final BooleanSupplier leaseHeld;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean leading;

    /** @param leaseHeld the leader election's {@code mayAct} ({@code () -> true} without election) */
    public PublishGate(BooleanSupplier leaseHeld, boolean leading) {
        this.leaseHeld = leaseHeld;
        this.leading = leading;
    }

    public void leading(boolean leading) {
        this.leading = leading;
    }

    /** Whether this replica was told to lead (and not yet told to stand down). */
    public boolean leading() {
        return leading;
    }

    public boolean allows() {
        return leading && leaseHeld.getAsBoolean();
    }

    /** Records refused since start. */
    public long dropped() {
        return dropped.get();
    }

    public StatusEventSink guard(StatusEventSink sink) {
        return new StatusEventSink() {
            @Override
            public void send(String uid, WorkloadStatusEvent event, Outcome outcome) {
                if (allows()) {
                    sink.send(uid, event, outcome);
                } else {
                    dropped.incrementAndGet();
                }
            }

            @Override
            public void sendTombstone(String uid, Outcome outcome) {
                if (allows()) {
                    sink.sendTombstone(uid, outcome);
                } else {
                    dropped.incrementAndGet();
                }
            }
        };
    }

    public ClusterStatusSink guard(ClusterStatusSink sink) {
        return new ClusterStatusSink() {
            @Override
            public void send(String key, ClusterTypeStatusEvent event, Outcome outcome) {
                if (allows()) {
                    sink.send(key, event, outcome);
                } else {
                    dropped.incrementAndGet();
                }
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }
}
