package io.kindred.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes sure the topics a service reads and writes exist, creating the missing ones (compacted where the contract
 * says so) when allowed to. Where topics are managed elsewhere (e.g. Strimzi KafkaTopic resources), it only reports
 * which are missing.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final boolean create;
    private final int partitions;
    private final short replicationFactor;
    private final Duration timeout;

    /** As {@link #TopicProvisioner(KafkaClients, boolean, int, short, Duration)} with a 30 s timeout. */
    public TopicProvisioner(KafkaClients clients, boolean create, int partitions, short replicationFactor) {
        this(clients, create, partitions, replicationFactor, DEFAULT_TIMEOUT);
    }

    /**
     * @param create create missing topics; when false, {@link #ensure} only reports them
     * @param partitions partitions of a topic it creates
     * @param replicationFactor replication factor of a topic it creates; negative = the broker's default
     * @param timeout bound of each admin operation, also when the broker does not answer at all
     */
    public TopicProvisioner(KafkaClients clients, boolean create, int partitions, short replicationFactor,
                            Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.clients = clients;
        this.create = create;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /**
     * @return the topics that are still missing (empty when all exist)
     * @throws IllegalStateException when the broker cannot be reached within the timeout or refuses to create a topic
     */
    public List<String> ensure(List<TopicSpec> topics) {
        // The admin client's own timeouts match the bound, so closing it never waits for a call still retrying
        // against an unreachable broker.
        Admin admin = clients.admin("topics", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = new ArrayList<>();
            for (TopicSpec topic : topics) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                if (!create) {
                    missing.add(topic.name());
                    continue;
                }
                NewTopic newTopic = new NewTopic(topic.name(), Optional.of(partitions),
                        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
                if (topic.compacted()) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                try {
                    admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.infof("Created topic %s (%d partitions%s)", topic.name(), partitions,
                            topic.compacted() ? ", compacted" : "");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Cannot check or create Kafka topics " + topics + ": " + cause, cause);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
