package io.kindred.registry.clusterstatus;

import io.kindred.events.ClusterTypeStatusEvent;
import io.kindred.kafka.CompactedTopics;
import io.kindred.kafka.KafkaClients;
import io.kindred.kafka.TopicProvisioner;
import io.kindred.kafka.TopicSpec;
import io.kindred.kafka.TransientFailures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code cluster-type-status} in every registry instance, from the beginning and without a consumer group (as
 * kafka-events' CompactedTopics describes), into memory, and serves each type's {@code clusterStatuses} from it.
 *
 * <p>A (re)read builds a fresh table up to the end offsets taken when it started and only then replaces the served
 * one, so a request never sees a half-read topic; after that every record is applied as it arrives. A missing
 * topic or a Kafka failure is retried after {@code kindred.cluster-status.retry-delay} with a full re-read; the
 * API keeps serving the last table meanwhile (and marks clusters stale as their reports age). A record that cannot
 * be decoded is logged with its key and offset and skipped: it is a report, the cluster's next heartbeat replaces it.
 */
@ApplicationScoped
public class ClusterStatusReader {

    private static final Logger LOG = Logger.getLogger(ClusterStatusReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KafkaClients kafka;

    @Inject
    ClusterStatusConfig config;

    private final ClusterReports reports = new ClusterReports();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;
    /** Counted down on shutdown: ends the wait between two reads at once (no interrupt, which would break a close). */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean caughtUp;
    private volatile String lastFailure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Cluster status reports are not read (kindred.cluster-status.enabled=false): clusterStatuses stays []");
            return;
        }
        thread = new Thread(this::run, "kindred-cluster-status-reader");
        thread.setDaemon(true);
        // Avro finds the generated classes through the context class loader where no model is given
        thread.setContextClassLoader(ClusterStatusReader.class.getClassLoader());
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        stopped.countDown();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Run:ai's clusterStatuses of a type whose registered versions are {@code versions} (in the registry's order). */
    public List<WorkloadTypeStatus> statuses(String typeName, List<String> versions) {
        Collection<ClusterTypeStatusEvent> latest = reports.of(typeName);
        if (latest.isEmpty()) {
            return List.of();
        }
        return ClusterStatuses.of(versions, latest, clock.instant(), config.staleAfter());
    }

    /** True once the topic has been read up to the end offsets of the last (re)read's start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public int reportCount() {
        return reports.size();
    }

    private void run() {
        boolean provisioned = false;
        while (!stopping) {
            try {
                if (!provisioned) {
                    new TopicProvisioner(kafka, config.createTopic(), config.partitions(), (short) -1)
                            .ensure(List.of(TopicSpec.compacted(config.topic())));
                    provisioned = true;
                }
                readForever();
            } catch (WakeupException e) {
                if (stopping) {
                    return;
                }
            } catch (RuntimeException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("Reading %s failed (%s); reading it again from the beginning in %d ms", config.topic(),
                        lastFailure, config.retryDelay().toMillis());
            }
            caughtUp = false;
            try {
                stopped.await(config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readForever() {
        try (KafkaConsumer<byte[], byte[]> reader = kafka.rawConsumer("cluster-status");
                Deserializer<ClusterTypeStatusEvent> values = kafka.avroDeserializer()) {
            consumer = reader;
            if (stopping) {
                return;
            }
            Set<TopicPartition> partitions = CompactedTopics.partitions(reader, config.topic(), TIMEOUT);
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + config.topic() + " does not exist (yet)");
            }
            Map<TopicPartition, Long> end = CompactedTopics.assignFromBeginning(reader, partitions, TIMEOUT);
            Map<String, Map<String, ClusterTypeStatusEvent>> fresh = ClusterReports.newTable();
            while (!stopping && !CompactedTopics.reached(reader, end)) {
                reader.poll(POLL).forEach(record -> apply(fresh, record, values));
            }
            reports.replaceAll(fresh);
            caughtUp = true;
            lastFailure = null;
            LOG.infof("Read %s: %d cluster reports", config.topic(), reports.size());
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    apply(null, record, values);
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Into {@code table}, or into the served table when it is null. */
    private void apply(Map<String, Map<String, ClusterTypeStatusEvent>> table, ConsumerRecord<byte[], byte[]> record,
            Deserializer<ClusterTypeStatusEvent> values) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        try {
            ClusterTypeStatusEvent report = record.value() == null ? null
                    : values.deserialize(record.topic(), record.headers(), record.value());
            if (table == null) {
                reports.apply(key, report);
            } else {
                ClusterReports.apply(table, key, report);
            }
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e; // the schema registry is unreachable: re-read once it answers, skip nothing
            }
            LOG.warnf("Skipped record %s-%d@%d (key '%s') of %s: %s", record.topic(), record.partition(),
                    record.offset(), key, config.topic(), e.getMessage());
        }
    }
}
