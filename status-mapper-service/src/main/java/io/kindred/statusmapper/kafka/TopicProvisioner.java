package io.kindred.statusmapper.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes sure the topics the service reads and writes exist, creating the missing ones (compacted where the contract
 * says so) when allowed to. Where topics are managed elsewhere, it only reports which are missing.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    /** One topic and whether it is compacted. */
    public record TopicSpec(String name, boolean compacted) {
    }

    private final KafkaClients clients;
    private final boolean create;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(KafkaClients clients, boolean create, int partitions, short replicationFactor) {
        this.clients = clients;
        this.create = create;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /**
     * @return the topics that are still missing (empty when all exist)
     * @throws IllegalStateException when the broker cannot be reached within the timeout
     */
    public List<String> ensure(List<TopicSpec> topics) {
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
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
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
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
        }
    }
}
