package io.kindred.statusmapper.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kindred.events.AbstractState;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadTypeRef;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.publish.StatusEventSink;
import io.kindred.workloadtypes.KindBinding;

/**
 * The mapping path: evaluates an object's Resource Interface and publishes a status event when, and only when,
 * something the platform cares about changed since the last published event of that UID: the abstract state, the
 * matched statuses, the component scales or the generation.
 * <p>
 * Thread-safe. Calls for one UID must come in the order the object changed (the informer guarantees it per kind);
 * the decision and the hand-over to Kafka happen under the UID's lock in {@link WorkloadTracker}, so the records of
 * one workload reach the topic in that order.
 */
public final class WorkloadStatusMapper {

    private static final Logger LOG = Logger.getLogger(WorkloadStatusMapper.class);
    /** Delay before a publication Kafka refused is sent again (kindred.publish.retry-delay). */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    /** A retry is logged at its first failure and then every this many failures (an outage fails every record). */
    private static final int LOG_EVERY = 10;

    private final String clusterId;
    private final WorkloadEvaluator evaluator;
    private final WorkloadTracker tracker;
    private final StatusEventSink sink;
    private final StatusMapperMetrics metrics;
    private final Clock clock;
    /** Failure callbacks touch the tracker; they run here, never on the producer's I/O thread. */
    private final Executor failureExecutor = ForkJoinPool.commonPool();
    /** Runs the re-sends of refused publications (they may block in the producer while Kafka is away). */
    private final ScheduledExecutorService retries;
    private final Duration retryDelay;
    private final WorkloadTombstones tombstones;
    private volatile boolean closed;

    /** Retries on a daemon thread of its own every {@link #DEFAULT_RETRY_DELAY}; no tombstones. */
    public WorkloadStatusMapper(String clusterId, WorkloadEvaluator evaluator, WorkloadTracker tracker,
                                StatusEventSink sink, StatusMapperMetrics metrics, Clock clock) {
        this(clusterId, evaluator, tracker, sink, metrics, clock, DaemonRetries.INSTANCE, DEFAULT_RETRY_DELAY, null);
    }

    /**
     * @param retries    where refused publications are sent again, every {@code retryDelay}, until Kafka takes them
     * @param tombstones told when a DELETED record is out; null for none
     */
    public WorkloadStatusMapper(String clusterId, WorkloadEvaluator evaluator, WorkloadTracker tracker,
                                StatusEventSink sink, StatusMapperMetrics metrics, Clock clock,
                                ScheduledExecutorService retries, Duration retryDelay, WorkloadTombstones tombstones) {
        this.clusterId = clusterId;
        this.evaluator = evaluator;
        this.tracker = tracker;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.tombstones = tombstones;
    }

    /** The tombstones of deleted workloads, or null when this mapper publishes none. */
    public WorkloadTombstones tombstones() {
        return tombstones;
    }

    /** Stops re-sending refused publications (the pipeline is stopping; the next start reconciles from the topic). */
    public void close() {
        closed = true;
    }

    public WorkloadTracker tracker() {
        return tracker;
    }

    /**
     * An object was added or changed (or re-listed on a resync).
     *
     * @param receivedNanos {@link System#nanoTime()} when the watch event arrived, for the latency metric
     */
    public void onUpsert(KindBinding binding, JsonNode object, long receivedNanos) {
        ObjectIdentity id = ObjectIdentity.of(object);
        if (id == null) {
            LOG.warnf("Skipping a %s object without metadata.uid (name %s): it cannot be keyed", binding.gvk(),
                    object.path("metadata").path("name").asText("?"));
            return;
        }
        WorkloadEvaluation evaluation = evaluator.evaluate(binding, object);
        if (evaluation.error() != null) {
            metrics.evaluationError(binding.typeName());
        }
        int kind = tracker.kinds().indexOf(binding.typeName());
        int matched = Fingerprints.matchedStatuses(evaluation.matchedStatuses());
        long scales = Fingerprints.scales(evaluation.components());
        long generation = Fingerprints.generation(id.generation());
        tracker.update(id.uid(), current -> {
            if (current != null && current.sameAs(evaluation.state(), matched, scales, generation)) {
                return current;
            }
            TrackedWorkload next = new TrackedWorkload(kind, evaluation.state(), true, matched, scales, generation);
            AbstractState previous = current == null ? null : current.state();
            WorkloadStatusEvent event = event(binding, id, evaluation, evaluation.state(), previous);
            if (evaluation.error() != null) {
                LOG.warnf("Resource Interface evaluation failed for %s %s (uid %s, workload type %s revision %d): %s;"
                                + " publishing state %s", binding.gvk(), id.displayName(), id.uid(), binding.typeName(),
                        binding.revision(), evaluation.error(), evaluation.state());
            }
            publish(binding.typeName(), id, event, next, receivedNanos);
            return next;
        });
    }

    /**
     * An object was deleted: publishes its terminal DELETED event with the last observed values, and forgets it.
     * An object that was never published is not announced.
     */
    public void onDelete(KindBinding binding, JsonNode lastKnown, long receivedNanos) {
        ObjectIdentity id = ObjectIdentity.of(lastKnown);
        if (id == null) {
            return;
        }
        if (tracker.stateOf(id.uid()) == null) {
            return;
        }
        publishDeleted(binding, id, evaluator.evaluate(binding, lastKnown), receivedNanos);
    }

    /**
     * An object was deleted and only its identity is known (the watch noticed the deletion by re-listing, and the
     * watch cache keeps no object, only namespace, name, UID and resourceVersion): publishes its DELETED event with
     * the last published state as previousState and no evaluated values (no phase, conditions, components or pod
     * groups), and forgets it. An object that was never published is not announced.
     */
    public void onDeleteOfUnknownFinalState(KindBinding binding, JsonNode identity, long receivedNanos) {
        ObjectIdentity id = ObjectIdentity.of(identity);
        if (id != null) {
            publishDeleted(binding, id, NOTHING_READ, receivedNanos);
        }
    }

    /** Publishes the DELETED event of a tracked workload with {@code evaluation}'s values, and forgets it. */
    private void publishDeleted(KindBinding binding, ObjectIdentity id, WorkloadEvaluation evaluation,
                                long receivedNanos) {
        tracker.update(id.uid(), current -> {
            if (current == null) {
                return null;
            }
            WorkloadStatusEvent event = event(binding, id, evaluation, AbstractState.DELETED, current.state());
            publish(binding.typeName(), id, event, null, receivedNanos);
            return null;
        });
    }

    /** The evaluated part of a DELETED event whose object was not seen at its deletion. */
    private static final WorkloadEvaluation NOTHING_READ = new WorkloadEvaluation(AbstractState.DELETED,
            List.of(), null, List.of(), List.of(), List.of(), null);

    /**
     * The object of {@code last} (the last record of the state store) no longer exists although it did when the
     * service last published: it was deleted while the service was down. Publishes exactly its DELETED transition,
     * carrying the last published values, unless something already did.
     */
    public void onDeletedWhileDown(WorkloadStatusEvent last) {
        ObjectIdentity id = new ObjectIdentity(last.getUid(), last.getNamespace(), last.getName(), last.getGeneration(),
                last.getObservedGeneration(), last.getResourceVersion(), last.getController());
        long now = System.nanoTime();
        tracker.update(last.getUid(), current -> {
            if (current == null) {
                return null;
            }
            // Field by field rather than newBuilder(last), which deep-copies through Avro's class look-ups.
            WorkloadStatusEvent event = new WorkloadStatusEvent(UUID.randomUUID().toString(), clock.instant(),
                    clusterId, last.getGroup(), last.getVersion(), last.getKind(), last.getNamespace(), last.getName(),
                    last.getUid(), last.getGeneration(), last.getObservedGeneration(), last.getResourceVersion(),
                    last.getWorkloadType(), AbstractState.DELETED, current.state(), last.getMatchedStatuses(),
                    last.getPhase(), last.getConditions(), last.getComponents(), last.getPodGroups(),
                    last.getController(), last.getError());
            publish(last.getKind(), id, event, null, now);
            return null;
        });
    }

    /** Restores the memory of one workload from its last record in the state store. */
    public void restore(WorkloadStatusEvent last) {
        restore(last, last.getObservedAt());
    }

    /**
     * Restores the memory of one workload from its last record in the state store, written at {@code writtenAt}: a
     * DELETED record is forgotten and its tombstone scheduled {@code grace} after {@code writtenAt}.
     */
    public void restore(WorkloadStatusEvent last, Instant writtenAt) {
        if (last.getState() == AbstractState.DELETED) {
            tracker.forget(last.getUid());
            if (tombstones != null) {
                tombstones.restoredDeleted(last.getUid(), writtenAt);
            }
            return;
        }
        if (tombstones != null) {
            tombstones.forget(last.getUid());
        }
        int kind = tracker.kinds().indexOf(last.getKind());
        tracker.restore(last.getUid(), new TrackedWorkload(kind, last.getState(), true,
                Fingerprints.matchedStatuses(last.getMatchedStatuses()), Fingerprints.scales(last.getComponents()),
                Fingerprints.generation(last.getGeneration())));
    }

    private WorkloadStatusEvent event(KindBinding binding, ObjectIdentity id, WorkloadEvaluation evaluation,
                                      AbstractState state, AbstractState previous) {
        return WorkloadStatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setObservedAt(clock.instant())
                .setClusterId(clusterId)
                .setGroup(binding.gvk().group())
                .setVersion(binding.gvk().version())
                .setKind(binding.gvk().kind())
                .setNamespace(id.namespace())
                .setName(id.name() == null ? "" : id.name())
                .setUid(id.uid())
                .setGeneration(id.generation())
                .setObservedGeneration(id.observedGeneration())
                .setResourceVersion(id.resourceVersion())
                .setWorkloadType(new WorkloadTypeRef(binding.typeName(), binding.revision()))
                .setState(state)
                .setPreviousState(previous)
                .setMatchedStatuses(evaluation.matchedStatuses())
                .setPhase(evaluation.phase())
                .setConditions(evaluation.conditions())
                .setComponents(evaluation.components())
                .setPodGroups(evaluation.podGroups())
                .setController(id.controller())
                .setError(evaluation.error())
                .build();
    }

    /**
     * Hands {@code event} to Kafka (under the UID's lock). If Kafka refuses it, it is sent again every retry delay
     * until it is out, for as long as it is still the UID's latest transition: {@code tracked} (the entry it
     * announced) is still current, or, for a DELETED event ({@code tracked} null), nothing is tracked for the UID.
     * A record superseded meanwhile is not sent again; the newer one carries the state. Also marks the entry
     * unconfirmed, so that an evaluation before the retry publishes even without a change.
     */
    private void publish(String kind, ObjectIdentity id, WorkloadStatusEvent event, TrackedWorkload tracked,
                         long receivedNanos) {
        publish(kind, id, event, tracked, receivedNanos, 0);
    }

    private void publish(String kind, ObjectIdentity id, WorkloadStatusEvent event, TrackedWorkload tracked,
                         long receivedNanos, int failures) {
        AbstractState state = event.getState();
        sink.send(id.uid(), event, new StatusEventSink.Outcome() {
            @Override
            public void published() {
                metrics.publishLatency(System.nanoTime() - receivedNanos);
                metrics.published(kind, state);
                if (tracked == null && tombstones != null) {
                    tombstones.deletedOut(id.uid());
                }
            }

            @Override
            public void failed(Exception cause) {
                metrics.publishFailed(kind);
                int failed = failures + 1;
                if (failed == 1 || failed % LOG_EVERY == 0) {
                    LOG.errorf(cause, "Could not publish state %s of %s %s (uid %s), attempt %d; sending it again in %d ms",
                            state, kind, id.displayName(), id.uid(), failed, retryDelay.toMillis());
                }
                if (tracked != null) {
                    failureExecutor.execute(() -> tracker.unconfirm(id.uid(), tracked));
                }
                scheduleRetry(kind, id, event, tracked, receivedNanos, failed);
            }
        });
    }

    private void scheduleRetry(String kind, ObjectIdentity id, WorkloadStatusEvent event, TrackedWorkload tracked,
                               long receivedNanos, int failures) {
        if (closed) {
            return;
        }
        Runnable retry = () -> {
            if (closed) {
                return;
            }
            try {
                tracker.update(id.uid(), current -> {
                    if (tracked == null) {
                        if (current == null) {
                            publish(kind, id, event, null, receivedNanos, failures);
                        }
                        return current;
                    }
                    if (current == null || current.confirmed || !current.sameAs(tracked)) {
                        return current; // superseded, or already published again by a newer evaluation
                    }
                    TrackedWorkload resent = current.confirmed();
                    publish(kind, id, event, resent, receivedNanos, failures);
                    return resent;
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not send state %s of uid %s again", event.getState(), id.uid());
                scheduleRetry(kind, id, event, tracked, receivedNanos, failures);
            }
        };
        try {
            retries.schedule(retry, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debugf("Retries stopped; state %s of uid %s is republished at the next start", event.getState(), id.uid());
        }
    }

    /** The retry thread of mappers built without one (tests and tools): one daemon thread for all of them. */
    private static final class DaemonRetries {
        static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kindred-status-retries");
            thread.setDaemon(true);
            return thread;
        });
    }
}
