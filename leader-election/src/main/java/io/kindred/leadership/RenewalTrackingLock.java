package io.kindred.leadership;

import java.util.function.LongConsumer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * The Lease lock, telling when this instance last wrote itself into the Lease: fabric8's elector reports only the
 * start and the end of leadership, not each renewal, and the publish gate needs the renewals.
 */
final class RenewalTrackingLock implements Lock {

    private final Lock delegate;
    private final LongConsumer renewedAt;

    RenewalTrackingLock(Lock delegate, LongConsumer renewedAt) {
        this.delegate = delegate;
        this.renewedAt = renewedAt;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long started = System.nanoTime();
        delegate.create(client, record);
        written(record, started);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long started = System.nanoTime();
        delegate.update(client, record);
        written(record, started);
    }

    /**
     * The time taken before the request, not after the answer: the Lease holds from when the server wrote it, which
     * is after the request left, so counting from the request's start only ever shortens what the gate allows.
     */
    private void written(LeaderElectionRecord record, long started) {
        if (delegate.identity().equals(record.getHolderIdentity())) {
            renewedAt.accept(started);
        }
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
