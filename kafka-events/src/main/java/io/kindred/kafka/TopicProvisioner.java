package io.kindred.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Makes sure the topics a service reads and writes exist, creating the missing ones (compacted where the contract
 * says so) when allowed to. Where topics are managed elsewhere (e.g. Strimzi KafkaTopic resources), it only reports
 * which are missing. It works under least-privilege ACLs: an existing topic needs only DESCRIBE on it, never CREATE.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Admin> admins;
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
        this(() -> clients.admin("topics", Map.of(
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())),
                create, partitions, replicationFactor, timeout);
    }

    /**
     * @param admins a fresh admin client per {@link #ensure} (closed by it). Its own timeouts should match the bound,
     *        so closing it never waits for a call still retrying against an unreachable broker.
     */
    TopicProvisioner(Supplier<Admin> admins, boolean create, int partitions, short replicationFactor, Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.admins = admins;
        this.create = create;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /**
     * Per topic: describe it first (an existing topic needs no other permission than DESCRIBE on it), create it only
     * when it is missing and creation is on. Under least-privilege ACLs a principal may lack CREATE; a refused create
     * is then answered by looking again, so a topic someone else created (e.g. a Strimzi KafkaTopic) is fine, and one
     * that really is missing fails with the topic and the permission that is missing.
     *
     * @return the topics that are still missing (empty when all exist), or not visible to this client; only when
     *         creation is off
     * @throws IllegalStateException when the broker cannot be reached within the timeout, refuses to create a topic,
     *         or the principal may neither see nor create one (the message names the topic and the ACL it lacks)
     */
    public List<String> ensure(List<TopicSpec> topics) {
        Admin admin = admins.get();
        try {
            List<String> missing = new ArrayList<>();
            for (TopicSpec topic : topics) {
                Presence presence = describe(admin, topic.name());
                if (presence == Presence.EXISTS) {
                    continue;
                }
                if (!create) {
                    if (presence == Presence.NOT_VISIBLE) {
                        // reported like a missing topic (callers wait for those), with what would make it visible
                        LOG.warn(notVisible(topic.name(), false).getMessage());
                    }
                    missing.add(topic.name());
                    continue;
                }
                create(admin, topic, presence);
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Cannot check or create Kafka topics " + names(topics) + ": " + cause, cause);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** What a describe says about one topic. */
    private enum Presence { EXISTS, MISSING, NOT_VISIBLE }

    private Presence describe(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Presence.EXISTS;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Presence.MISSING;
            }
            if (e.getCause() instanceof TopicAuthorizationException) {
                // the broker answers this for a missing topic too, so as not to tell who may not look whether it exists
                return Presence.NOT_VISIBLE;
            }
            throw e;
        }
    }

    private void create(Admin admin, TopicSpec topic, Presence before)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic.name(), Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        if (topic.compacted()) {
            newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Created topic %s (%d partitions%s)", topic.name(), partitions, topic.compacted() ? ", compacted" : "");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
                return; // created meanwhile (another replica, an operator)
            }
            if (!(cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException)) {
                throw e;
            }
            // not allowed to create: fine if it exists after all (created meanwhile, or by whoever manages topics)
            Presence now = describe(admin, topic.name());
            if (now == Presence.EXISTS) {
                LOG.debugf("Topic %s exists; this client may not create topics, which it does not need to", topic.name());
                return;
            }
            if (now == Presence.NOT_VISIBLE || before == Presence.NOT_VISIBLE) {
                throw notVisible(topic.name(), true);
            }
            throw new IllegalStateException("Kafka topic " + topic.name() + " does not exist and this client may not create "
                    + "it (" + cause.getClass().getSimpleName() + "): grant its principal CREATE on topic " + topic.name()
                    + " (or on the cluster), or create the topic beforehand (e.g. a Strimzi KafkaTopic"
                    + (topic.compacted() ? ", cleanup.policy=compact" : "") + ")", cause);
        }
    }

    private static IllegalStateException notVisible(String topic, boolean triedToCreate) {
        return new IllegalStateException("Kafka topic " + topic + " is not visible to this client: its principal lacks "
                + "DESCRIBE on topic " + topic + (triedToCreate ? " (and CREATE, so it could not create it either)" : "")
                + "; grant DESCRIBE (and the READ or WRITE the service needs) on the topic");
    }

    private static List<String> names(List<TopicSpec> topics) {
        return topics.stream().map(TopicSpec::name).toList();
    }
}
