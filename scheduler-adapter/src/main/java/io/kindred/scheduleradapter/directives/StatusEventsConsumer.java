package io.kindred.scheduleradapter.directives;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kindred.events.SchedulingDirectiveEvent;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code workload-status} through a consumer group (SmallRye Reactive Messaging): adapter replicas share the
 * partitions, and a workload's events, keyed by its UID, stay in order on one of them. Each event is applied to the
 * cluster and its directive published (waiting for the broker's ack) before the method returns, so the offset is
 * committed only after both. An API server outage is retried in place, keeping the order; a record that fails for
 * another reason goes to the dead-letter topic (the connector's failure strategy).
 */
@ApplicationScoped
public class StatusEventsConsumer {

    private static final Logger LOG = Logger.getLogger(StatusEventsConsumer.class);

    @Inject
    AdapterRuntime runtime;

    @Inject
    @Channel("scheduling-directives")
    MutinyEmitter<SchedulingDirectiveEvent> directives;

    @Incoming("workload-status")
    @Blocking
    public void onStatus(ConsumerRecord<String, WorkloadStatusEvent> record) throws InterruptedException {
        WorkloadStatusEvent event = record.value();
        if (event == null) {
            return; // a tombstone: the DELETED event before it already released the gang
        }
        while (!runtime.awaitStatusReady(Duration.ofSeconds(30))) {
            LOG.infof("Waiting for the workload types (%s) and the PodGroup cache (%s) before acting on status events",
                    runtime.typesLoaded() ? "loaded" : "loading", runtime.store().hasSynced() ? "synced"
                    : "not synced: is the " + runtime.backend().apiVersion() + " PodGroup CRD installed?");
        }
        Optional<SchedulingDirectiveEvent> directive = applyRetrying(event);
        if (directive.isPresent()) {
            directives.sendMessageAndAwait(Message.of(directive.get()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(event.getUid()).build()));
        }
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
