package io.kindred.registry.outbox;

import io.kindred.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the transactional outbox and its relay to Kafka ({@code kindred.outbox.*}). */
@ConfigMapping(prefix = "kindred.outbox")
public interface OutboxConfig {

    /** Topic the workload type events go to (compacted, key = type name). */
    @WithDefault(Topics.WORKLOAD_TYPES)
    String topic();

    /** Publish a tombstone after each DELETED event so compaction can drop the deleted type. */
    @WithDefault("true")
    boolean tombstones();

    Relay relay();

    Topic topicSettings();

    Producer producer();

    /** How long published rows stay in the outbox table (for inspection) before they are deleted. */
    @WithDefault("PT24H")
    Duration retention();

    interface Relay {
        /** Run the relay at all (off only for tools that must not publish). */
        @WithDefault("true")
        boolean enabled();

        /** Period of the relay's poll; every committed change also wakes it at once. */
        @WithDefault("PT1S")
        Duration interval();

        /** Rows published per database transaction. */
        @WithDefault("200")
        int batchSize();

        /** How long the relay waits for the broker to acknowledge a batch before giving up until the next round. */
        @WithDefault("PT30S")
        Duration ackTimeout();

        /**
         * Failed attempts after which a row is parked (set aside for an administrator) so that later rows keep
         * flowing. Only failures that will not go away by themselves count: a row that cannot be encoded, a record
         * the broker refuses (too large, not authorised); an unreachable broker or a timeout never parks a row.
         */
        @WithDefault("10")
        int maxAttempts();
    }

    interface Topic {
        /** Create the topic (compacted) when it does not exist. */
        @WithDefault("true")
        boolean create();

        @WithDefault("3")
        int partitions();

        /** Empty = the broker's default replication factor. */
        Optional<Short> replicationFactor();
    }

    interface Producer {
        /** Timeout of one request to the broker (producer and admin client). */
        @WithDefault("PT10S")
        Duration requestTimeout();

        /** How long a send may wait for the cluster's metadata, e.g. while the broker is down. */
        @WithDefault("PT10S")
        Duration maxBlock();

        /** How long the producer retries one record before reporting it failed. */
        @WithDefault("PT25S")
        Duration deliveryTimeout();
    }
}
