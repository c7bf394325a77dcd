package io.kindred.scheduleradapter.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kindred.scheduleradapter.cluster.PodGroupStore;
import io.kindred.scheduleradapter.cluster.TrimmingItemStore;
import io.kindred.scheduleradapter.cluster.WorkloadEvents;
import io.kindred.scheduleradapter.gang.GangGroup;
import io.kindred.scheduleradapter.gang.Root;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The webhook's backstop. Watches pending pods and binds those that were created without their binding (the
 * webhook was down, or their owner was not cached yet), makes the group of a replica the RI did not count when its
 * first pod appears, and lets a gated pod go once it carries its binding and its group exists. For KAI a late
 * binding is safe (KAI does not schedule a pod before its group exists); for Volcano and coscheduling the webhook's
 * scheduling gate holds the pod until this reconciler releases it.
 * <p>
 * Single writer: it sees every pod of the cluster, so with several replicas only the leader runs it
 * ({@link #start()} when it becomes leader, {@link #stop()} when it stands down), and every write (pod patch, replica
 * group, Kubernetes Event) first checks {@code mayAct}, so a leader that lost its Lease writes nothing more even
 * before it is stopped. The pods its predecessor left unbound are in the initial list of its own informer.
 */
public final class PodReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodReconciler.class);
    private static final String BY_GROUP = "group";
    private static final int MAX_OWNER_RETRIES = 30;

    private final KubernetesClient client;
    private final PodBinder binder;
    private final PodGroupStore store;
    private final WorkloadEvents events;
    private final BiConsumer<Root, GangGroup> ensureGroup;
    private final Duration ownerRetry;
    private final BooleanSupplier mayAct;
    private volatile ScheduledExecutorService worker;
    private final Map<String, Integer> ownerRetries = new ConcurrentHashMap<>();
    private final Set<String> reportedUnplaceable = ConcurrentHashMap.newKeySet();
    private final AtomicLong patches = new AtomicLong();
    private volatile SharedIndexInformer<Pod> informer;

    public PodReconciler(KubernetesClient client, PodBinder binder, PodGroupStore store, WorkloadEvents events,
            BiConsumer<Root, GangGroup> ensureGroup, Duration ownerRetry, BooleanSupplier mayAct) {
        this.client = client;
        this.binder = binder;
        this.store = store;
        this.events = events;
        this.ensureGroup = ensureGroup;
        this.ownerRetry = ownerRetry;
        this.mayAct = mayAct;
        store.onGroupAdded(this::groupAppeared);
    }

    /** Starts watching pending pods (again, after a {@link #stop()}). */
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pod-reconciler");
            t.setDaemon(true);
            return t;
        });
        worker = thread;
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.itemStore(new TrimmingItemStore<>(pod -> {
            pod.setStatus(null); // nothing here reads it, and it is most of what changes
            return pod;
        }));
        pods.addIndexers(Map.of(BY_GROUP, pod -> {
            String group = boundGroup(pod);
            return group == null ? List.of() : List.of(pod.getMetadata().getNamespace() + "/" + group);
        }));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                submit(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                submit(after);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                ownerRetries.remove(key(pod));
                reportedUnplaceable.remove(pod.getMetadata().getUid());
            }
        });
        pods.exceptionHandler((running, failure) -> {
            LOG.warnf("Pod watch failed (%s); retrying", failure.toString());
            return true;
        });
        informer = pods;
        pods.start();
    }

    /** Whether it watches pods (on the leader). */
    public boolean running() {
        return informer != null;
    }

    /** Pod patches sent since start. */
    public long patches() {
        return patches.get();
    }

    private void submit(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getNodeName() != null || pod.getMetadata().getDeletionTimestamp() != null) {
            return; // placed or going away: too late, and nothing to hold
        }
        ScheduledExecutorService thread = worker;
        if (thread == null) {
            return;
        }
        try {
            thread.execute(() -> reconcile(pod));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopped meanwhile: the next leader's informer lists the pod
        }
    }

    private void groupAppeared(GenericKubernetesResource group) {
        SharedIndexInformer<Pod> current = informer;
        if (current == null) {
            return;
        }
        for (Pod pod : current.getIndexer().byIndex(BY_GROUP, group.getMetadata().getNamespace() + "/"
                + group.getMetadata().getName())) {
            submit(pod);
        }
    }

    void reconcile(Pod typed) {
        if (!mayAct.getAsBoolean()) {
            return; // no longer the leader: the new leader's informer lists this pod
        }
        JsonNode pod = Serialization.jsonMapper().valueToTree(typed);
        String key = key(typed);
        try {
            BindingDecision decision = binder.decide(pod);
            if (decision instanceof BindingDecision.Bind bind) {
                ownerRetries.remove(key);
                ArrayNode ops = PodPatches.carries(pod, bind.binding()) ? Serialization.jsonMapper().createArrayNode()
                        : PodPatches.bind(pod, bind.binding(), false);
                String namespace = typed.getMetadata().getNamespace();
                boolean groupExists = store.get(namespace, bind.group().name()) != null;
                if (!groupExists && bind.group().replicaKey() != null) {
                    ensureGroup.accept(bind.root(), bind.group());
                }
                if (groupExists && PodPatches.hasGate(pod)) {
                    ops.addAll(PodPatches.removeGate(pod));
                }
                patch(typed, ops);
            } else if (decision instanceof BindingDecision.NotManaged notManaged) {
                ownerRetries.remove(key);
                if (PodPatches.hasGate(pod)) {
                    LOG.infof("Pod %s is not part of a registered workload (%s); releasing its gate", key,
                            notManaged.reason());
                    patch(typed, PodPatches.removeGate(pod));
                }
            } else if (decision instanceof BindingDecision.OwnerNotKnownYet unknown) {
                retryLater(typed, key, unknown.reason());
            } else if (decision instanceof BindingDecision.Unplaceable unplaceable) {
                ownerRetries.remove(key);
                if (reportedUnplaceable.add(typed.getMetadata().getUid())) {
                    LOG.warnf("Pod %s of %s is not bound: %s", key, unplaceable.root().describe(), unplaceable.reason());
                    events.warn(new Root("", "v1", "Pod", typed.getMetadata().getNamespace(),
                            typed.getMetadata().getName(), typed.getMetadata().getUid()), "GangBindingFailed",
                            unplaceable.reason());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pod %s: cannot reconcile its binding now (%s); trying again in %s", key, e.toString(), ownerRetry);
            later(() -> submit(typed));
        }
    }

    private void later(Runnable task) {
        ScheduledExecutorService thread = worker;
        if (thread == null) {
            return;
        }
        try {
            thread.schedule(task, ownerRetry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopped meanwhile
        }
    }

    private void retryLater(Pod pod, String key, String reason) {
        int attempts = ownerRetries.merge(key, 1, Integer::sum);
        if (attempts > MAX_OWNER_RETRIES) {
            LOG.warnf("Pod %s: giving up waiting for its owner (%s)", key, reason);
            ownerRetries.remove(key);
            return;
        }
        later(() -> submit(pod));
    }

    private void patch(Pod pod, ArrayNode ops) {
        if (ops.isEmpty() || !mayAct.getAsBoolean()) {
            return;
        }
        patches.incrementAndGet();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), ops.toString());
    }

    /** The group a pod names through the configured backend's key, or {@code null}. */
    private String boundGroup(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return binder.backend().boundGroup(labels == null ? Map.of() : labels,
                annotations == null ? Map.of() : annotations);
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Stops watching pods and drops pending work (standing down, or closing). */
    public synchronized void stop() {
        ScheduledExecutorService thread = worker;
        worker = null;
        if (thread != null) {
            thread.shutdownNow();
        }
        if (informer != null) {
            informer.close();
            informer = null;
        }
        ownerRetries.clear();
        reportedUnplaceable.clear();
    }

    @Override
    public void close() {
        stop();
    }
}
