package io.kindred.scheduleradapter.messaging;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kindred.events.DesiredPhase;
import io.kindred.events.SyncStatus;
import io.kindred.events.WorkloadSubmissionEvent;
import io.kindred.events.WorkloadSyncEvent;
import io.kindred.scheduleradapter.AdapterConfig;
import io.kindred.scheduleradapter.AdapterRuntime;
import io.kindred.scheduleradapter.submissions.ManifestApplier;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code workload-submissions} through a consumer group: the submissions of this adapter's cluster are applied
 * (or deleted) and their results published on {@code workload-sync}, keyed by workload id: Applying (or Deleting)
 * first, then Synced, Failed with the API server's message, or Deleted. A stopped workload (desired phase STOPPED)
 * is removed as a deletion is (object deleted, gang released; the RIs have no suspend field, so this is the one way
 * that works for every kind) and reported Deleting, then Synced with {@link #STOPPED_MESSAGE}: its desired state is
 * reached. Resuming is a new RUNNING revision, applied like a submission (new PodGroups first, then a new object). The offset is committed after the result is
 * acknowledged. A refusal is Failed at once and never retried; an unreachable API server is retried
 * {@code kindred.adapter.submission-attempts} times, then Failed. Revisions already applied are skipped.
 */
@ApplicationScoped
public class SubmissionsConsumer {

    private static final Logger LOG = Logger.getLogger(SubmissionsConsumer.class);
    static final String STOPPED_MESSAGE = "Stopped: the object is deleted and its gang released; resume applies the "
            + "manifest again";

    @Inject
    AdapterRuntime runtime;

    @Inject
    @Channel("workload-sync")
    MutinyEmitter<WorkloadSyncEvent> results;

    @Inject
    AdapterConfig config;

    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Incoming("workload-submissions")
    @Blocking
    public void onSubmission(ConsumerRecord<String, WorkloadSubmissionEvent> record) throws InterruptedException {
        WorkloadSubmissionEvent submission = record.value();
        if (submission == null || !config.clusterId().equals(submission.getClusterId())) {
            return;
        }
        Long done = applied.get(submission.getWorkloadId());
        if (done != null && done >= submission.getRevision()) {
            return; // redelivered or replayed
        }
        while (!runtime.awaitStatusReady(Duration.ofSeconds(30))) {
            LOG.info("Waiting for the workload types and the PodGroup cache before applying submissions");
        }
        boolean deleting = submission.getDesiredPhase() == DesiredPhase.DELETED;
        boolean stopping = submission.getDesiredPhase() == DesiredPhase.STOPPED;
        publish(submission, deleting || stopping ? SyncStatus.DELETING : SyncStatus.APPLYING, null, null, List.of(),
                "start");
        ManifestApplier.Outcome outcome = applyRetrying(submission, deleting || stopping);
        SyncStatus status = outcome.failed() ? SyncStatus.FAILED : deleting ? SyncStatus.DELETED : SyncStatus.SYNCED;
        if (stopping && !outcome.failed()) {
            outcome = new ManifestApplier.Outcome(false, STOPPED_MESSAGE, null, outcome.podGroups());
        }
        if (outcome.failed()) {
            LOG.warnf("Workload %s (revision %d, %s %s/%s) failed: %s", submission.getWorkloadId(),
                    submission.getRevision(), submission.getKind(), submission.getProject().getNamespace(),
                    submission.getName(), outcome.message());
        }
        publish(submission, status, outcome.message(), outcome.objectUid(), outcome.podGroups(), "end");
        applied.put(submission.getWorkloadId(), submission.getRevision());
    }

    private ManifestApplier.Outcome applyRetrying(WorkloadSubmissionEvent submission, boolean deleting)
            throws InterruptedException {
        long delay = runtime.apiRetry().toMillis();
        int attempts = config.adapter().submissionAttempts();
        for (int attempt = 1;; attempt++) {
            try {
                return deleting ? runtime.submissions().delete(submission) : runtime.submissions().apply(submission);
            } catch (KubernetesClientException e) {
                if (attempt >= attempts) {
                    return ManifestApplier.Outcome.failed("the Kubernetes API server could not be reached after "
                            + attempts + " attempts: " + e.getMessage());
                }
                LOG.warnf("Kubernetes API unavailable while applying workload %s (%s); retrying in %d ms",
                        submission.getWorkloadId(), e.getMessage(), delay);
                Thread.sleep(delay);
            }
        }
    }

    private void publish(WorkloadSubmissionEvent submission, SyncStatus status, String message, String uid,
            List<String> podGroups, String step) {
        WorkloadSyncEvent result = WorkloadSyncEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("kindred-sync:" + submission.getEventId() + ":" + step)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setWorkloadId(submission.getWorkloadId())
                .setRevision(submission.getRevision())
                .setClusterId(config.clusterId())
                .setStatus(status)
                .setMessage(message)
                .setObjectUid(uid)
                .setPodGroups(podGroups)
                .setCauseEventId(submission.getEventId())
                .build();
        results.sendMessageAndAwait(Message.of(result).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(submission.getWorkloadId()).build()));
    }
}
