package io.kindred.scheduleradapter.messaging;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.scheduleradapter.AdapterConfig;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code workload-status} through a consumer group (SmallRye Reactive Messaging): adapter replicas share the
 * partitions, and a workload's events, keyed by its UID, stay in order on one of them. Within the instance, events
 * are applied on {@code kindred.adapter.status-lanes} lanes, a workload always on the same lane ({@link KeyedLanes}):
 * one workload's events are applied one after the other, in order, while other workloads' events are applied side by
 * side (each apply waits for the API server; in sequence, that wait was the adapter's throughput). An event's
 * directive is published once the event is applied, and the record is acknowledged only when the broker has
 * acknowledged the directive, so its offset is committed only after both: the connector's throttled commit strategy
 * commits an offset once every record before it is acknowledged, whichever lane finished first. An API server outage
 * is retried in place, keeping the order of the workload's lane; a record that fails for another reason, or whose
 * directive cannot be published, goes to the dead-letter topic (the connector's failure strategy).
 */
@ApplicationScoped
public class StatusEventsConsumer {

    private static final Logger LOG = Logger.getLogger(StatusEventsConsumer.class);

    @Inject
    AdapterRuntime runtime;

    @Inject
    @Channel("scheduling-directives")
    MutinyEmitter<SchedulingDirectiveEvent> directives;

    @Inject
    AdapterConfig config;

    private KeyedLanes lanes;

    @PostConstruct
    void start() {
        int count = config.adapter().statusLanes();
        lanes = new KeyedLanes(count, 4 * count, "status-lane");
    }

    @PreDestroy
    void stop() {
        lanes.close();
    }

    @Incoming("workload-status")
    @Blocking
    public CompletionStage<Void> onStatus(Message<WorkloadStatusEvent> record) throws InterruptedException {
        WorkloadStatusEvent event = record.getPayload();
        if (event == null) {
            String undecodable = StatusDecoding.failureOf(record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null));
            if (undecodable != null) {
                return record.nack(new IllegalArgumentException("not a WorkloadStatusEvent: " + undecodable));
            }
            return record.ack(); // a tombstone: the DELETED event before it already released the gang
        }
        while (!runtime.awaitStatusReady(Duration.ofSeconds(30))) {
            LOG.infof("Waiting for the workload types (%s) and the PodGroup cache (%s) before acting on status events",
                    runtime.typesLoaded() ? "loaded" : "loading", runtime.store().hasSynced() ? "synced"
                    : "not synced: is the " + runtime.backend().apiVersion() + " PodGroup CRD installed?");
        }
        lanes.submit(event.getUid(), () -> apply(record, event));
        return CompletableFuture.completedFuture(null);
    }

    /** On the workload's lane: applies, then publishes; the record is acknowledged with the directive. */
    private void apply(Message<WorkloadStatusEvent> record, WorkloadStatusEvent event) {
        Optional<SchedulingDirectiveEvent> directive;
        try {
            directive = applyRetrying(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: neither acknowledged nor committed, so replayed
            return;
        } catch (RuntimeException e) {
            record.nack(e);
            return;
        }
        if (directive.isEmpty()) {
            record.ack();
            return;
        }
        directives.send(Message.of(directive.get())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.getUid()).build())
                .withAck(record::ack)
                .withNack(record::nack));
    }

    private Optional<SchedulingDirectiveEvent> applyRetrying(WorkloadStatusEvent event) throws InterruptedException {
        long delay = runtime.apiRetry().toMillis();
        while (true) {
            try {
                return runtime.director().onStatus(event);
            } catch (KubernetesClientException e) {
                if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 429 && e.getCode() != 409) {
                    throw e; // refused for good: the dead-letter topic says why
                }
                LOG.warnf("Kubernetes API unavailable while applying %s %s/%s (%s); retrying in %d ms",
                        event.getKind(), event.getNamespace(), event.getName(), e.getMessage(), delay);
                Thread.sleep(delay);
            }
        }
    }
}
