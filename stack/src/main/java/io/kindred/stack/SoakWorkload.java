package io.kindred.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kindred.events.AbstractState;

/**
 * One workload of the soak: a {@code TrainingRun} driven through its life as its controller would — created (no phase:
 * Undefined), Initializing, Running, then Completed, Failed, or deleted while running — each state held for a random
 * time, then deleted. Every write is retried until the API server takes it (it may be down), and each state is
 * recorded with the time the API server acknowledged it: that is when the object started to hold it.
 */
final class SoakWorkload {

    /** A state the object held, from the acknowledgement of its write to the acknowledgement of the next one. */
    record Held(AbstractState state, long fromNanos, long toNanos) {
    }

    enum Ending { COMPLETED, FAILED, DELETED_WHILE_RUNNING }

    private final String name;
    private final int workers;
    private final Ending ending;
    private final long[] holdMillis;
    private final List<Held> held = new ArrayList<>();
    private volatile String uid;
    private volatile boolean finished;
    private AbstractState current;
    private long currentFrom;

    SoakWorkload(String name, Random random, long holdMinMillis, long holdMaxMillis) {
        this.name = name;
        this.workers = 1 + random.nextInt(4);
        int roll = random.nextInt(100);
        this.ending = roll < 70 ? Ending.COMPLETED : roll < 85 ? Ending.FAILED : Ending.DELETED_WHILE_RUNNING;
        this.holdMillis = new long[5];
        for (int i = 0; i < holdMillis.length; i++) {
            holdMillis[i] = holdMinMillis + (long) (random.nextDouble() * (holdMaxMillis - holdMinMillis));
        }
    }

    /** A workload whose life is already over, as recorded (to check the verdict against known histories). */
    static SoakWorkload recorded(String name, String uid, List<Held> life) {
        SoakWorkload workload = new SoakWorkload(name, new Random(0), 0, 0);
        workload.uid = uid;
        workload.held.addAll(life);
        workload.finished = true;
        return workload;
    }

    String name() {
        return name;
    }

    String uid() {
        return uid;
    }

    Ending ending() {
        return ending;
    }

    boolean finished() {
        return finished;
    }

    /** The states held so far, the last one (DELETED once deleted) open-ended. */
    synchronized List<Held> held() {
        List<Held> all = new ArrayList<>(held);
        if (current != null) {
            all.add(new Held(current, currentFrom, Long.MAX_VALUE));
        }
        return all;
    }

    /** The whole life; blocks for its duration. {@code api} is retried until it answers. */
    void live(KubernetesClient client, String namespace, SoakRetry api) throws InterruptedException {
        GenericKubernetesResource created = api.untilDone("create " + name, () -> {
            try {
                return DemoWorkload.create(client, namespace, name, workers);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) { // an earlier attempt was stored but its answer was lost
                    return client.genericKubernetesResources(DemoWorkload.CONTEXT).inNamespace(namespace)
                            .withName(name).get();
                }
                throw e;
            }
        });
        uid = created.getMetadata().getUid();
        enter(AbstractState.UNDEFINED);
        Thread.sleep(holdMillis[0]);
        phase(client, namespace, api, "Initializing", AbstractState.INITIALIZING);
        Thread.sleep(holdMillis[1]);
        phase(client, namespace, api, "Running", AbstractState.RUNNING);
        Thread.sleep(holdMillis[2]);
        if (ending == Ending.COMPLETED) {
            phase(client, namespace, api, "Completed", AbstractState.COMPLETED);
            Thread.sleep(holdMillis[3]);
        } else if (ending == Ending.FAILED) {
            phase(client, namespace, api, "Failed", AbstractState.FAILED);
            Thread.sleep(holdMillis[3]);
        }
        api.untilDone("delete " + name, () -> {
            client.genericKubernetesResources(DemoWorkload.CONTEXT).inNamespace(namespace).withName(name).delete();
            return null;
        });
        enter(AbstractState.DELETED);
        finished = true;
    }

    private void phase(KubernetesClient client, String namespace, SoakRetry api, String phase, AbstractState state)
            throws InterruptedException {
        api.untilDone(name + " → " + phase, () -> {
            DemoWorkload.setPhase(client, namespace, name, phase);
            return null;
        });
        enter(state);
    }

    private synchronized void enter(AbstractState state) {
        long now = System.nanoTime();
        if (current != null) {
            held.add(new Held(current, currentFrom, now));
        }
        current = state;
        currentFrom = now;
    }
}
