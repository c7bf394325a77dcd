package io.kindred.registry.workloads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindred.events.ComponentScale;
import io.kindred.events.Condition;
import io.kindred.events.PodGroupRequirement;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
 * indexed update that matches no row); one for the identity of a live workload whose object the registry knows under
 * another UID is kept until a sync result names that UID (the two topics are read in no common order), then applied. A record that is not a Kindred event is logged and skipped; a database or
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

    private static final Duration PENDING_CLEANUP_EVERY = Duration.ofMinutes(1);

    private volatile boolean stopping;
    private Instant nextPendingCleanup = Instant.EPOCH;
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
                        dropStalePending(connection);
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

    private void applySync(Connection connection, WorkloadSyncEvent event) throws SQLException {
        int rows;
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
            rows = update.executeUpdate();
            LOG.debugf("Workload %s revision %d: sync %s (%s)", event.getWorkloadId(), event.getRevision(),
                    event.getStatus(), rows == 0 ? "stale or unknown, ignored" : "kept");
        }
        if (event.getObjectUid() != null) {
            applyPending(connection, event.getClusterId(), event.getObjectUid(), event.getWorkloadId());
        }
    }

    /** The SET clause of a state, with its parameters bound by {@link ObservedState#bind}. */
    private static final String SET_STATE = "phase_updated_at = case when state is distinct from ? then ? else phase_updated_at end, "
            + "state = ?, ever_left_undefined = ever_left_undefined or ?, k8s_phase = ?, conditions_json = ?, "
            + "state_observed_at = ?, "
            + "completed_at = case when ? and completed_at is null then ? else completed_at end, "
            // the pods the object's pod-bearing components declare now: the sum of their instances' scales
            + "reported_pods = (select sum(coalesce((c->>'replicas')::int, greatest(coalesce((c->>'minReplicas')::int, 1), 1))) "
            + "  from jsonb_array_elements(?::jsonb) c where c->>'component' = any(string_to_array(pod_components, ','))), "
            + "reported_min_pods = ? ";

    /** What one status event observed, as the workload's columns take it. */
    private record ObservedState(String state, String k8sPhase, String conditionsJson, String componentsJson,
            Integer minPods, Timestamp observedAt) {

        static ObservedState of(WorkloadStatusEvent event) {
            Integer minPods = event.getPodGroups().isEmpty() ? null
                    : event.getPodGroups().stream().mapToInt(PodGroupRequirement::getMinMember).sum();
            return new ObservedState(event.getState().name(), event.getPhase(), conditions(event.getConditions()),
                    components(event.getComponents()), minPods, Timestamp.from(event.getObservedAt()));
        }

        boolean terminal() {
            return "COMPLETED".equals(state) || "FAILED".equals(state);
        }

        /** Binds {@link #SET_STATE}'s parameters from {@code first}; the index of the next one. */
        int bind(PreparedStatement statement, int first) throws SQLException {
            int i = first;
            statement.setString(i++, state);
            statement.setTimestamp(i++, observedAt);
            statement.setString(i++, state);
            statement.setBoolean(i++, !"UNDEFINED".equals(state));
            statement.setString(i++, k8sPhase);
            statement.setString(i++, conditionsJson);
            statement.setTimestamp(i++, observedAt);
            statement.setBoolean(i++, terminal());
            statement.setTimestamp(i++, observedAt);
            statement.setString(i++, componentsJson);
            setInteger(statement, i++, minPods);
            return i;
        }
    }

    private void applyStatus(Connection connection, WorkloadStatusEvent event) throws SQLException {
        ObservedState observed = ObservedState.of(event);
        int rows;
        try (PreparedStatement update = connection.prepareStatement(
                "update workload set " + SET_STATE + ", object_uid = coalesce(object_uid, ?) "
                        + "where id = (select id from workload where cluster_id = ? and kind = ? and api_group = ? "
                        + "  and namespace = ? and name = ? and (object_uid is null or object_uid = ?) "
                        + "  and (retired_uid is null or retired_uid <> ?) "
                        + "  order by (object_uid is not null) desc, created_at desc limit 1) "
                        + "and (state_observed_at is null or state_observed_at <= ?)")) {
            int i = observed.bind(update, 1);
            update.setString(i++, event.getUid());
            update.setString(i++, event.getClusterId());
            update.setString(i++, event.getKind());
            update.setString(i++, event.getGroup());
            update.setString(i++, event.getNamespace());
            update.setString(i++, event.getName());
            update.setString(i++, event.getUid());
            update.setString(i++, event.getUid());
            update.setTimestamp(i, observed.observedAt());
            rows = update.executeUpdate();
        }
        if (rows > 0) {
            LOG.debugf("Workload object %s %s/%s (%s): %s", event.getKind(), event.getNamespace(), event.getName(),
                    event.getUid(), observed.state());
            return;
        }
        keepIfEarly(connection, event, observed);
    }

    /**
     * A state of an object with the identity of a live workload whose object the registry knows under another UID
     * (or none yet matched): the workload-sync result that names this UID is not read yet (the two topics are read
     * in no common order) or the object was re-created. It is kept, the latest per object, and applied when a sync
     * result names the UID ({@link #applyPending}); states of objects no workload names are not kept.
     */
    private void keepIfEarly(Connection connection, WorkloadStatusEvent event, ObservedState observed)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into workload_status_pending (cluster_id, object_uid, kind, api_group, namespace, name, state, "
                        + "k8s_phase, conditions_json, components_json, reported_min_pods, observed_at, received_at) "
                        + "select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from workload "
                        + "  where cluster_id = ? and kind = ? and api_group = ? and namespace = ? and name = ? "
                        + "  and desired_phase <> 'Deleted' and object_uid is not null and object_uid <> ? "
                        + "  and (retired_uid is null or retired_uid <> ?)) "
                        + "on conflict (cluster_id, object_uid) do update set state = excluded.state, "
                        + "k8s_phase = excluded.k8s_phase, conditions_json = excluded.conditions_json, "
                        + "components_json = excluded.components_json, reported_min_pods = excluded.reported_min_pods, "
                        + "observed_at = excluded.observed_at, received_at = excluded.received_at "
                        + "where workload_status_pending.observed_at <= excluded.observed_at")) {
            int i = 1;
            insert.setString(i++, event.getClusterId());
            insert.setString(i++, event.getUid());
            insert.setString(i++, event.getKind());
            insert.setString(i++, event.getGroup());
            insert.setString(i++, event.getNamespace());
            insert.setString(i++, event.getName());
            insert.setString(i++, observed.state());
            insert.setString(i++, observed.k8sPhase());
            insert.setString(i++, observed.conditionsJson());
            insert.setString(i++, observed.componentsJson());
            setInteger(insert, i++, observed.minPods());
            insert.setTimestamp(i++, observed.observedAt());
            insert.setTimestamp(i++, Timestamp.from(Instant.now()));
            insert.setString(i++, event.getClusterId());
            insert.setString(i++, event.getKind());
            insert.setString(i++, event.getGroup());
            insert.setString(i++, event.getNamespace());
            insert.setString(i++, event.getName());
            insert.setString(i++, event.getUid());
            insert.setString(i, event.getUid());
            if (insert.executeUpdate() > 0) {
                LOG.infof("Workload object %s %s/%s (%s): %s observed before its workload's sync result named the "
                        + "UID; kept until it does", event.getKind(), event.getNamespace(), event.getName(),
                        event.getUid(), observed.state());
            }
        }
    }

    /** The state kept for an object whose UID a sync result now gives to the workload, applied and dropped. */
    private void applyPending(Connection connection, String clusterId, String uid, String workloadId)
            throws SQLException {
        ObservedState pending;
        try (PreparedStatement select = connection.prepareStatement(
                "select state, k8s_phase, conditions_json, components_json, reported_min_pods, observed_at "
                        + "from workload_status_pending where cluster_id = ? and object_uid = ?")) {
            select.setString(1, clusterId);
            select.setString(2, uid);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return;
                }
                int minPods = row.getInt(5);
                pending = new ObservedState(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.wasNull() ? null : minPods, row.getTimestamp(6));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("update workload set " + SET_STATE
                + "where id = ?::uuid and object_uid = ? and (state_observed_at is null or state_observed_at <= ?)")) {
            int i = pending.bind(update, 1);
            update.setString(i++, workloadId);
            update.setString(i++, uid);
            update.setTimestamp(i, pending.observedAt());
            if (update.executeUpdate() > 0) {
                LOG.infof("Workload %s: state %s of object %s, observed before its sync result, applied", workloadId,
                        pending.state(), uid);
            }
        }
        // dropped once the workload holds the UID (applied, or a newer state is there already)
        try (PreparedStatement delete = connection.prepareStatement("delete from workload_status_pending "
                + "where cluster_id = ? and object_uid = ? and exists (select 1 from workload where id = ?::uuid "
                + "and object_uid = ?)")) {
            delete.setString(1, clusterId);
            delete.setString(2, uid);
            delete.setString(3, workloadId);
            delete.setString(4, uid);
            delete.executeUpdate();
        }
    }

    /** Kept states no sync result claimed (the object was not a workload's after all) are dropped after a while. */
    private void dropStalePending(Connection connection) throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(nextPendingCleanup)) {
            return;
        }
        nextPendingCleanup = now.plus(PENDING_CLEANUP_EVERY);
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from workload_status_pending where received_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(config.consumer().pendingStatusRetention())));
            int dropped = delete.executeUpdate();
            if (dropped > 0) {
                LOG.infof("Dropped %d early status events no workload-sync result claimed within %s", dropped,
                        config.consumer().pendingStatusRetention());
            }
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static String components(List<ComponentScale> components) {
        ArrayNode array = JSON.createArrayNode();
        for (ComponentScale component : components) {
            ObjectNode node = array.addObject().put("component", component.getComponent());
            if (component.getReplicas() != null) {
                node.put("replicas", component.getReplicas());
            }
            if (component.getMinReplicas() != null) {
                node.put("minReplicas", component.getMinReplicas());
            }
        }
        return array.toString();
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
