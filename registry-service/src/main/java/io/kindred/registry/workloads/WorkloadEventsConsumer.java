package io.kindred.registry.workloads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.events.AbstractState;
import io.kindred.events.Condition;
import io.kindred.events.WorkloadStatusEvent;
import io.kindred.events.WorkloadSyncEvent;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.kindred.kafka.TransientFailures;
import io.kindred.registry.outbox.OutboxConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Keeps each workload's syncInfo and latest observed state: reads {@code workload-sync} (the scheduler-adapters'
 * results) and {@code workload-status} (the status mapper's states) in the consumer group the registry's replicas
 * share, writes them with plain SQL on its own thread, and commits after the batch is written. Idempotent: a sync
 * result counts only for the workload's current revision, a state only when it is not older than the one held, so
 * redelivered and replayed records change nothing. Status events of objects no workload names are skipped (one
 * indexed update that matches no row). A record that is not a Kindred event is logged and skipped; a database or
 * Kafka outage retries the batch.
 */
@ApplicationScoped
public class WorkloadEventsConsumer {

    private static final Logger LOG = Logger.getLogger(WorkloadEventsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    @Inject
    WorkloadsConfig config;

    @Inject
    OutboxConfig outboxConfig;

    @Inject
    KafkaClients kafka;

    @Inject
    DataSource dataSource;

    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            LOG.info("Workload events consumer disabled (kindred.workloads.consumer.enabled=false)");
            return;
        }
        thread = new Thread(this::run, "kindred-workload-events");
        thread.setDaemon(true);
        thread.setContextClassLoader(WorkloadEventsConsumer.class.getClassLoader());
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Deserializer<Object> values = kafka.avroDeserializer();
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> opened = kafka.groupConsumer("workload-events", config.consumer().groupId())) {
                consumer = opened;
                ensureTopics();
                opened.subscribe(List.of(config.syncTopic(), config.statusTopic()));
                while (!stopping) {
                    ConsumerRecords<String, byte[]> records = opened.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    try (Connection connection = dataSource.getConnection()) {
                        for (ConsumerRecord<String, byte[]> record : records) {
                            apply(connection, record, values);
                        }
                    }
                    opened.commitSync();
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException | SQLException e) {
                if (stopping) {
                    break;
                }
                LOG.warnf("Workload events consumer: %s; retrying in %s from the last committed offsets", e.toString(), RETRY);
                sleep();
            } finally {
                consumer = null;
            }
        }
    }

    private void ensureTopics() {
        new TopicProvisioner(kafka, outboxConfig.topicSettings().create(), outboxConfig.topicSettings().partitions(),
                outboxConfig.topicSettings().replicationFactor().orElse((short) -1), outboxConfig.producer().requestTimeout())
                .ensure(List.of(TopicSpec.compacted(config.syncTopic()), TopicSpec.compacted(config.statusTopic())));
    }

    private void apply(Connection connection, ConsumerRecord<String, byte[]> record, Deserializer<Object> values)
            throws SQLException {
        if (record.value() == null) {
            return; // a tombstone: nothing to keep
        }
        Object event;
        try {
            event = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.errorf("Skipping %s-%d@%d (key %s): not a Kindred event: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.toString());
            return;
        }
        if (event instanceof WorkloadSyncEvent sync) {
            applySync(connection, sync);
        } else if (event instanceof WorkloadStatusEvent status) {
            applyStatus(connection, status);
        } else {
            LOG.warnf("Skipping %s-%d@%d: unexpected %s", record.topic(), record.partition(), record.offset(),
                    event == null ? "null" : event.getClass().getSimpleName());
        }
    }

    static String syncStatus(WorkloadSyncEvent event) {
        return switch (event.getStatus()) {
            case APPLYING -> "Applying";
            case SYNCED -> "Synced";
            case FAILED -> "Failed";
            case DELETING -> "Deleting";
            case DELETED -> "Deleted";
        };
    }

    private static void applySync(Connection connection, WorkloadSyncEvent event) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update workload set sync_status = ?, sync_message = ?, sync_updated_at = ?, "
                        + "object_uid = coalesce(?, object_uid) "
                        + "where id = ?::uuid and revision = ? and cluster_id = ? "
                        + "and (sync_updated_at is null or sync_updated_at <= ?)")) {
            Timestamp at = Timestamp.from(event.getOccurredAt());
            update.setString(1, syncStatus(event));
            update.setString(2, event.getMessage());
            update.setTimestamp(3, at);
            update.setString(4, event.getObjectUid());
            update.setString(5, event.getWorkloadId());
            update.setLong(6, event.getRevision());
            update.setString(7, event.getClusterId());
            update.setTimestamp(8, at);
            int rows = update.executeUpdate();
            LOG.debugf("Workload %s revision %d: sync %s (%s)", event.getWorkloadId(), event.getRevision(),
                    event.getStatus(), rows == 0 ? "stale or unknown, ignored" : "kept");
        }
    }

    private static void applyStatus(Connection connection, WorkloadStatusEvent event) throws SQLException {
        String state = event.getState().name();
        Timestamp observed = Timestamp.from(event.getObservedAt());
        boolean terminal = event.getState() == AbstractState.COMPLETED || event.getState() == AbstractState.FAILED;
        try (PreparedStatement update = connection.prepareStatement(
                "update workload set "
                        + "phase_updated_at = case when state is distinct from ? then ? else phase_updated_at end, "
                        + "state = ?, ever_left_undefined = ever_left_undefined or ?, k8s_phase = ?, conditions_json = ?, "
                        + "state_observed_at = ?, "
                        + "completed_at = case when ? and completed_at is null then ? else completed_at end, "
                        + "object_uid = coalesce(object_uid, ?) "
                        + "where id = (select id from workload where cluster_id = ? and kind = ? and api_group = ? "
                        + "  and namespace = ? and name = ? and (object_uid is null or object_uid = ?) "
                        + "  order by (object_uid is not null) desc, created_at desc limit 1) "
                        + "and (state_observed_at is null or state_observed_at <= ?)")) {
            int i = 1;
            update.setString(i++, state);
            update.setTimestamp(i++, observed);
            update.setString(i++, state);
            update.setBoolean(i++, event.getState() != AbstractState.UNDEFINED);
            update.setString(i++, event.getPhase());
            update.setString(i++, conditions(event.getConditions()));
            update.setTimestamp(i++, observed);
            update.setBoolean(i++, terminal);
            update.setTimestamp(i++, observed);
            update.setString(i++, event.getUid());
            update.setString(i++, event.getClusterId());
            update.setString(i++, event.getKind());
            update.setString(i++, event.getGroup());
            update.setString(i++, event.getNamespace());
            update.setString(i++, event.getName());
            update.setString(i++, event.getUid());
            update.setTimestamp(i, observed);
            if (update.executeUpdate() > 0) {
                LOG.debugf("Workload object %s %s/%s (%s): %s", event.getKind(), event.getNamespace(), event.getName(),
                        event.getUid(), state);
            }
        }
    }

    private static String conditions(List<Condition> conditions) {
        ArrayNode array = JSON.createArrayNode();
        for (Condition condition : conditions) {
            ObjectNode node = array.addObject().put("type", condition.getType()).put("status", condition.getStatus());
            if (condition.getReason() != null) {
                node.put("reason", condition.getReason());
            }
            if (condition.getMessage() != null) {
                node.put("message", condition.getMessage());
            }
        }
        return array.toString();
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
