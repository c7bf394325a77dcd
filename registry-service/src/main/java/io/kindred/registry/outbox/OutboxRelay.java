package io.kindred.registry.outbox;

import io.kindred.registry.persistence.OutboxEventEntity;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.kindred.kafka.TransientFailures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka, in outbox order, and marks rows published only after the broker acknowledged them.
 *
 * <p>Why it looks like this:
 * <ul>
 * <li>One relay at a time, cluster-wide: each batch runs in a transaction that first takes a PostgreSQL advisory
 * lock ({@code pg_try_advisory_xact_lock}); a replica that does not get it skips the round. Within one process the
 * relay runs on a single dedicated thread, so batches never overlap and blocking waits stay off the event loop.</li>
 * <li>Order per type: rows are read in id order (ids follow commit order per type name, see RevisionCounter) and
 * sent on one idempotent producer with acks=all. After a failure the batch stops at the first unacknowledged row
 * and only the acknowledged prefix is marked, so the next round resends from there, in order. A resend can repeat
 * a record the broker did store; consumers de-duplicate by eventId/revision, and the last record of each key is
 * always its newest revision, which is what compaction keeps.</li>
 * <li>Kafka down: writes keep succeeding (they only touch PostgreSQL); rows wait and go out when the broker is
 * back. The producer is rebuilt after a failure so no half-failed idempotence state carries over.</li>
 * <li>Poison rows: a row that fails for a reason that does not go away by itself (see {@link TransientFailures}) has
 * its {@code failures} counted; at {@code kindred.outbox.relay.max-attempts} it is parked with its error, and the
 * relay carries on with the rows after it. Order per type name still holds: a row is never sent while an earlier row
 * of its name is parked; it waits (is "held back") until an administrator retries or drops the parked row
 * ({@code /api/v1/outbox/parked}). Other names are not held up. Failures that are not about one row (the topic cannot
 * be created, the producer cannot be built) never count against a row.</li>
 * </ul>
 * It runs every {@code kindred.outbox.relay.interval} and is woken at once after each committed change.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key of the relay: "kindred-outbox" as a number, shared by every replica. */
    static final long RELAY_LOCK_KEY = 0x6B696E6472656401L;
    private static final Duration CLEANUP_PERIOD = Duration.ofMinutes(10);
    /** A row of outbox_event {@code e} that no parked row of the same name precedes. */
    static final String NOT_BEHIND_PARKED = "and not exists (select 1 from outbox_event p where p.parked_at is not null "
            + "and p.published_at is null and p.type_name = e.type_name and p.id < e.id)";

    @Inject
    DataSource dataSource;

    @Inject
    KafkaClients kafka;

    @Inject
    OutboxConfig config;

    @Inject
    OutboxMetrics metrics;

    private final AtomicBoolean runQueued = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private Producer<String, SpecificRecord> producer;
    private boolean topicReady;
    private Instant lastCleanup = Instant.EPOCH;
    private volatile boolean stopping;

    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay disabled (kindred.outbox.relay.enabled=false): events stay in the outbox");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kindred-outbox-relay");
            thread.setDaemon(true);
            // Avro looks record classes up through the context class loader wherever no model is given explicitly
            // (and caches what it finds JVM-wide): give this thread the application's, not the starting thread's
            thread.setContextClassLoader(OutboxRelay.class.getClassLoader());
            return thread;
        });
        long periodMillis = config.relay().interval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(config.relay().ackTimeout().toSeconds() + 5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
            }
        }
        closeProducer();
    }

    /** Asks for a relay round as soon as possible (after a commit); cheap and non-blocking. */
    public void wakeUp() {
        if (executor != null && !stopping && runQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                runQueued.set(false);
            }
        }
    }

    /** Publishes until the outbox is empty or a round fails; always on the relay thread. */
    void drain() {
        runQueued.set(false);
        if (stopping) {
            return;
        }
        try {
            Batch batch;
            do {
                batch = publishBatch();
            } while (batch.goOn(config.relay().batchSize()) && !stopping);
            refreshBacklog();
            cleanUpIfDue();
        } catch (RuntimeException | SQLException e) {
            LOG.warnf("Outbox relay round failed, will retry: %s", e.toString());
        }
    }

    private record Row(long id, String stream, String typeName, byte[] payload, boolean tombstoneAfter,
            Instant occurredAt, int failures) {
    }

    /**
     * What one batch did: rows acknowledged, whether it stopped on a failure, whether that failure parked its row (then
     * the next batch may start at once: the rows after it are no longer blocked).
     */
    record Batch(int acknowledged, boolean failed, boolean parked) {

        static final Batch EMPTY = new Batch(0, false, false);

        boolean goOn(int batchSize) {
            return failed ? parked : acknowledged >= batchSize;
        }
    }

    Batch publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryRelayLock(connection)) {
                    connection.rollback();
                    return Batch.EMPTY;
                }
                List<Row> rows = readBatch(connection);
                if (rows.isEmpty()) {
                    connection.commit();
                    return Batch.EMPTY;
                }
                Batch batch = send(rows, connection);
                connection.commit();
                return batch;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private List<Row> readBatch(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select id, stream, type_name, payload, tombstone_after, occurred_at, failures from outbox_event e "
                        + "where published_at is null and parked_at is null " + NOT_BEHIND_PARKED + " order by id limit ?")) {
            statement.setInt(1, config.relay().batchSize());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getBytes(4),
                            result.getBoolean(5), result.getTimestamp(6).toInstant(), result.getInt(7)));
                }
            }
        }
        return rows;
    }

    /** Sends the rows in order, waits for the acknowledgements in order, marks the acknowledged prefix. */
    private Batch send(List<Row> rows, Connection connection) throws SQLException {
        List<List<Future<RecordMetadata>>> sends = new ArrayList<>(rows.size());
        Exception failure = null;
        Producer<String, SpecificRecord> producer;
        try {
            ensureTopics();
            producer = producer();
        } catch (TopicNotReady e) {
            // not about any one row: no row is charged for it, the whole round waits for the next
            metrics.failed();
            metrics.topicFailing(e.topic, e.getCause().toString());
            LOG.warnf("Outbox relay: cannot publish to %s, retrying later: %s", e.topic, e.getCause().toString());
            closeProducer();
            return new Batch(0, true, false);
        } catch (RuntimeException e) {
            metrics.failed();
            LOG.warnf("Outbox relay: cannot publish to %s, retrying later: %s", config.topic(), e.toString());
            closeProducer();
            return new Batch(0, true, false);
        }
        try {
            for (Row row : rows) {
                List<Future<RecordMetadata>> records = new ArrayList<>(2);
                String topic = topicOf(row.stream());
                records.add(producer.send(new ProducerRecord<>(topic, row.typeName(),
                        OutboxWriter.decode(row.stream(), row.payload()))));
                if (row.tombstoneAfter()) {
                    records.add(producer.send(new ProducerRecord<>(topic, row.typeName(), null)));
                }
                sends.add(records);
                if (refusedAtOnce(records)) {
                    break; // refused before it left (e.g. over max.request.size): nothing after it may overtake it
                }
            }
        } catch (RuntimeException e) {
            failure = e; // rows sent so far may still be acknowledged below
        }
        int acknowledged = 0;
        long deadline = System.nanoTime() + config.relay().ackTimeout().toNanos();
        outer:
        for (List<Future<RecordMetadata>> records : sends) {
            for (Future<RecordMetadata> record : records) {
                try {
                    record.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                    break outer;
                } catch (TimeoutException e) {
                    failure = e;
                    break outer;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = e;
                    break outer;
                }
            }
            acknowledged++;
        }
        Instant now = Instant.now();
        markPublished(connection, rows.subList(0, acknowledged), now);
        for (Row row : rows.subList(0, acknowledged)) {
            metrics.published(Duration.between(row.occurredAt(), now));
            metrics.topicRecovered(topicOf(row.stream()));
        }
        if (failure == null && acknowledged == rows.size()) {
            return new Batch(acknowledged, false, false);
        }
        Row stuck = rows.get(acknowledged);
        String reason = failure == null ? "not acknowledged" : failure.toString();
        boolean poison = failure != null && !TransientFailures.isTransient(failure);
        boolean park = poison && stuck.failures() + 1 >= config.relay().maxAttempts();
        recordFailure(connection, stuck, reason, poison, park);
        metrics.failed();
        metrics.topicFailing(topicOf(stuck.stream()), reason);
        if (park) {
            metrics.parked();
            LOG.errorf("Outbox relay: parked event %d (%s) after %d failed attempts; later events of %s wait behind it, "
                    + "other types go on. Retry or drop it: GET /api/v1/outbox/parked. Last error: %s",
                    stuck.id(), stuck.typeName(), stuck.failures() + 1, stuck.typeName(), reason);
        } else {
            LOG.warnf("Outbox relay: event %d (%s) not published yet (%s), %d earlier acknowledged; retrying later: %s",
                    stuck.id(), stuck.typeName(), poison ? "failure " + (stuck.failures() + 1) + " of at most "
                            + config.relay().maxAttempts() : "transient", acknowledged, reason);
        }
        closeProducer();
        return new Batch(acknowledged, true, park);
    }

    private static boolean refusedAtOnce(List<Future<RecordMetadata>> records) {
        for (Future<RecordMetadata> record : records) {
            if (record.isDone()) {
                try {
                    record.get();
                } catch (ExecutionException e) {
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
        }
        return false;
    }

    private void markPublished(Connection connection, List<Row> rows, Instant when) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "update outbox_event set published_at = ?, attempts = attempts + 1, last_error = null where id = any (?)")) {
            statement.setTimestamp(1, Timestamp.from(when));
            Array ids = connection.createArrayOf("bigint", rows.stream().map(Row::id).toArray(Long[]::new));
            statement.setArray(2, ids);
            statement.executeUpdate();
        }
    }

    private void recordFailure(Connection connection, Row row, String reason, boolean poison, boolean park)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "update outbox_event set attempts = attempts + 1, last_error = ?, failures = failures + ?, "
                        + "parked_at = case when ? then now() else parked_at end where id = ?")) {
            statement.setString(1, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            statement.setInt(2, poison ? 1 : 0);
            statement.setBoolean(3, park);
            statement.setLong(4, row.id());
            statement.executeUpdate();
        }
    }

    private String topicOf(String stream) {
        return OutboxEventEntity.WORKLOADS.equals(stream) ? config.submissionsTopic() : config.topic();
    }

    private Producer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = newProducer();
        }
        return producer;
    }

    /**
     * acks=all and idempotent (see KafkaClients.eventProducer), so retries neither lose nor duplicate nor reorder a
     * type's events; bounded waits, so a Kafka outage fails a round instead of blocking the relay thread.
     */
    private Producer<String, SpecificRecord> newProducer() {
        OutboxConfig.Producer settings = config.producer();
        return kafka.eventProducer("outbox", Map.of(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(settings.deliveryTimeout().toMillis(), settings.requestTimeout().toMillis()),
                ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the outbox producer failed: %s", e.toString());
            }
            producer = null;
        }
    }

    /**
     * Creates the compacted topics once (existing ones are fine); a failure fails this round, retried next round, and
     * names the topic so that health can show it.
     */
    private void ensureTopics() {
        if (topicReady || !config.topicSettings().create()) {
            return;
        }
        TopicProvisioner provisioner = new TopicProvisioner(kafka, true, config.topicSettings().partitions(),
                config.topicSettings().replicationFactor().orElse((short) -1), config.producer().requestTimeout());
        for (String topic : List.of(config.topic(), config.submissionsTopic())) {
            try {
                provisioner.ensure(List.of(TopicSpec.compacted(topic)));
            } catch (RuntimeException e) {
                throw new TopicNotReady(topic, e);
            }
            metrics.topicRecovered(topic);
        }
        topicReady = true;
    }

    /** A topic of the relay could not be described or created. */
    private static final class TopicNotReady extends RuntimeException {
        final String topic;

        TopicNotReady(String topic, RuntimeException cause) {
            super(cause);
            this.topic = topic;
        }
    }

    /** Rows waiting to be sent (with the oldest), parked rows, and rows held back behind a parked one. */
    private void refreshBacklog() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) filter (where parked_at is null and not held), "
                                + "min(occurred_at) filter (where parked_at is null and not held), "
                                + "count(*) filter (where parked_at is not null), "
                                + "count(*) filter (where parked_at is null and held) "
                                + "from (select parked_at, occurred_at, not (true " + NOT_BEHIND_PARKED + ") as held "
                                + "from outbox_event e where published_at is null) waiting");
                ResultSet result = statement.executeQuery()) {
            if (result.next()) {
                Timestamp oldest = result.getTimestamp(2);
                metrics.backlog(result.getLong(1), oldest == null ? null : oldest.toInstant(), result.getLong(3),
                        result.getLong(4));
            }
        }
    }

    private void cleanUpIfDue() throws SQLException {
        Instant now = Instant.now();
        if (Duration.between(lastCleanup, now).compareTo(CLEANUP_PERIOD) < 0) {
            return;
        }
        lastCleanup = now;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "delete from outbox_event where published_at is not null and published_at < ?")) {
            statement.setTimestamp(1, Timestamp.from(now.minus(config.retention())));
            int deleted = statement.executeUpdate();
            if (deleted > 0) {
                LOG.debugf("Outbox: removed %d published rows older than %s", deleted, config.retention());
            }
        }
    }
}
