package io.kindred.statusmapper.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.ri.model.GroupVersionKind;
import io.kindred.workloadtypes.KindBinding;

/**
 * The watch of one GVK, its lifecycle: finds out through API discovery whether the kind is served (its plural and
 * scope come from there), retries with backoff while it is not (CRD not installed), then hands over to its
 * {@link KindInformers}, which run the informers and feed the mapping path; keeps the state the health checks and
 * the cluster status report.
 * <p>
 * Lifecycle steps run on the watch manager's single scheduler thread.
 */
public final class KindWatch {

    private static final Logger LOG = Logger.getLogger(KindWatch.class);

    private final GroupVersionKind gvk;
    private final WatchManager manager;
    private final KindInformers informers;

    private volatile KindBinding binding;
    private volatile WatchState state = WatchState.RESOLVING;
    private volatile Instant stateSince = Instant.now();
    private volatile String plural;
    private volatile boolean mapped;
    private volatile int attempts;
    private volatile String lastError;
    private volatile Instant nextAttemptAt;
    private volatile ScheduledFuture<?> scheduledLook;

    KindWatch(KindBinding binding, WatchManager manager) {
        this.gvk = binding.gvk();
        this.binding = binding;
        this.manager = manager;
        this.informers = new KindInformers(this, manager);
    }

    public GroupVersionKind gvk() {
        return gvk;
    }

    public String typeName() {
        return binding.typeName();
    }

    public WatchState state() {
        return state;
    }

    KindBinding binding() {
        return binding;
    }

    /** Scheduler thread. */
    void start() {
        lookForKind();
    }

    /**
     * Scheduler thread. The CRD of this kind was created or changed (e.g. became Established): if the watch is
     * waiting for its kind, look now instead of at the next backoff look.
     */
    void crdChanged() {
        if (state != WatchState.KIND_NOT_INSTALLED && state != WatchState.DISCOVERY_FAILED) {
            return;
        }
        ScheduledFuture<?> look = scheduledLook;
        if (look != null) {
            look.cancel(false);
        }
        LOG.infof("The CustomResourceDefinition of %s appeared or changed: looking for the kind now", gvk);
        lookForKind();
    }

    /** Scheduler thread. A new revision of the type: later events use it; a changed RI re-evaluates every object. */
    void rebind(KindBinding next, boolean resourceInterfaceChanged) {
        binding = next;
        if (resourceInterfaceChanged && state == WatchState.WATCHING && manager.isLead(this)) {
            LOG.infof("Resource Interface of %s changed (revision %d): re-evaluating its objects", gvk, next.revision());
            informers.reevaluateAll(() -> { });
        }
    }

    /** Scheduler thread. */
    void stop() {
        // Under the mapping lock: once this returns no event of this watch is being mapped, so forgetting the
        // type's workloads afterwards cannot be undone by a late event re-adding one.
        informers.exclusiveOfMapping(() -> enter(WatchState.STOPPED));
        ScheduledFuture<?> look = scheduledLook;
        if (look != null) {
            look.cancel(false);
        }
        informers.stop();
    }

    public WatchStatus status() {
        boolean connected = informers.connected();
        int objects = informers.objects();
        KindBinding current = binding;
        boolean retrying = state == WatchState.KIND_NOT_INSTALLED || state == WatchState.DISCOVERY_FAILED;
        return new WatchStatus(gvk.toString(), gvk.group(), gvk.version(), gvk.kind(), plural, current.typeName(),
                current.revision(), state, stateSince, manager.isLead(this), mapped && manager.isLead(this), connected,
                attempts, lastError, retrying ? nextAttemptAt : null, objects);
    }

    /**
     * Moves to {@code next}; a real change records when it happened and tells the manager, which tells whoever
     * reports watch states (the cluster status reporter). Setting the same state again changes nothing.
     */
    private void enter(WatchState next) {
        if (state == next) {
            return;
        }
        stateSince = Instant.now();
        state = next;
        manager.watchStateChanged();
    }

    private void lookForKind() {
        if (state == WatchState.STOPPED) {
            return;
        }
        APIResourceList resources;
        try {
            resources = manager.client().getApiResources(gvk.apiVersion());
        } catch (KubernetesClientException e) {
            retryLater(WatchState.DISCOVERY_FAILED, "API discovery of " + gvk.apiVersion() + " failed: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            retryLater(WatchState.DISCOVERY_FAILED, "API discovery of " + gvk.apiVersion() + " failed: " + e);
            return;
        }
        Optional<APIResource> resource = resources == null ? Optional.empty() : resources.getResources().stream()
                .filter(r -> gvk.kind().equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                .findFirst();
        if (resource.isEmpty()) {
            retryLater(WatchState.KIND_NOT_INSTALLED, resources == null
                    ? "kind " + gvk.kind() + ": API group/version " + gvk.apiVersion() + " is not served (CRD not installed?)"
                    : "kind " + gvk.kind() + " is not served in " + gvk.apiVersion() + " (CRD not installed?)");
            return;
        }
        startInformers(new ResourceDefinitionContext.Builder()
                .withGroup(gvk.group())
                .withVersion(gvk.version())
                .withKind(gvk.kind())
                .withPlural(resource.get().getName())
                .withNamespaced(Boolean.TRUE.equals(resource.get().getNamespaced()))
                .build());
    }

    private void retryLater(WatchState reason, String message) {
        lastError = message;
        attempts++;
        Duration delay = manager.settings().missingKindBackoff().delayAfter(attempts);
        nextAttemptAt = Instant.now().plus(delay);
        enter(reason); // last, so that whoever sees the state also sees the look it reports
        if (reason == WatchState.KIND_NOT_INSTALLED) {
            manager.watchCustomResourceDefinitions();
        }
        manager.metrics().discoveryRetry(gvk.toString());
        if (attempts == 1) {
            LOG.warnf("Cannot watch %s yet: %s. Watching starts when it is served; looking again in %d ms", gvk, message,
                    delay.toMillis());
        } else if (attempts % 10 == 0) {
            LOG.infof("Still cannot watch %s after %d looks: %s. Looking again in %d ms", gvk, attempts, message,
                    delay.toMillis());
        } else {
            LOG.debugf("Still cannot watch %s (look %d): %s", gvk, attempts, message);
        }
        if (manager.scheduler().isShutdown()) {
            return; // the service is stopping
        }
        scheduledLook = manager.scheduler().schedule(WatchManager.guarded("looking for " + gvk, this::lookForKind),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startInformers(ResourceDefinitionContext context) {
        enter(WatchState.STARTING);
        plural = context.getPlural();
        if (attempts > 0) {
            LOG.infof("%s is now served (after %d looks): starting to watch it", gvk, attempts);
        }
        attempts = 0;
        lastError = null;
        nextAttemptAt = null;
        informers.start(context)
                .whenCompleteAsync((ignored, error) -> WatchManager.guarded("starting the watch of " + gvk,
                        () -> onSynced(error)).run(), manager::executeUnlessStopped);
    }

    /** Informer thread: a list or watch failed. Says whether the informer should keep trying (until stopped). */
    boolean informerFailed(String message) {
        lastError = message;
        return state != WatchState.STOPPED;
    }

    /** Scheduler thread. */
    private void onSynced(Throwable error) {
        if (state == WatchState.STOPPED) {
            return;
        }
        if (error != null) {
            lastError = "informer stopped: " + error.getMessage();
            LOG.errorf(error, "Informer of %s stopped; looking for the kind again", gvk);
            informers.stop();
            retryLater(WatchState.DISCOVERY_FAILED, lastError);
            return;
        }
        enter(WatchState.WATCHING);
        LOG.infof("Watching %s (%s, %d objects)", gvk, informers.namespaced() && !manager.settings().namespaces().isEmpty()
                ? "namespaces " + manager.settings().namespaces() : "all namespaces", informers.objects());
        manager.onWatching(this);
    }

    /**
     * Scheduler thread, when this watch becomes the one whose events are mapped for its type (right after its
     * initial list, or when the version that was leading went away): maps every object it lists, then publishes the
     * deletion of every restored workload that the list no longer has.
     */
    void becameLead(List<WorkloadStatusEvent> restored) {
        informers.reevaluateAll(() -> {
            if (!restored.isEmpty()) {
                informers.reconcile(restored);
            }
            mapped = true;
        });
    }
}
