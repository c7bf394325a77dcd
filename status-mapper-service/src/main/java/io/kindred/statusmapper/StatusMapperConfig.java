package io.kindred.statusmapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.kindred.leadership.LeaderElectionConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every {@code kindred.*} setting of status-mapper-service. Each one has an environment-variable form
 * (e.g. {@code kindred.watch.resync-period} = {@code KINDRED_WATCH_RESYNC_PERIOD}); the README lists them all.
 */
@ConfigMapping(prefix = "kindred")
public interface StatusMapperConfig {

    /** Id of the cluster this instance watches; carried on every event so several clusters can feed one topic. */
    @WithName("cluster-id")
    @WithDefault("local")
    String clusterId();

    /** Start the pipeline when the application starts (off only for tooling that drives the engine itself). */
    @WithName("start-on-boot")
    @WithDefault("true")
    boolean startOnBoot();

    Topics topics();

    Watch watch();

    Publish publish();

    Startup startup();

    @WithName("cluster-status")
    ClusterStatus clusterStatus();

    /**
     * Replicas elect one leader on a Lease; only the leader maps and publishes, the others stay warm (type table
     * loaded) and take over when the leader's Lease runs out or is given up.
     */
    @WithName("leader-election")
    LeaderElectionConfig leaderElection();

    interface Topics {
        /** Compacted topic the workload types come from (read from the beginning at every start). */
        @WithName("workload-types")
        @WithDefault(io.kindred.events.Topics.WORKLOAD_TYPES)
        String workloadTypes();

        /** Compacted topic the status events go to; also the state store read back at start. */
        @WithName("workload-status")
        @WithDefault(io.kindred.events.Topics.WORKLOAD_STATUS)
        String workloadStatus();

        /**
         * Compacted topic this cluster's watch state of every registered type goes to (key = cluster id '/' type
         * name), read by registry-service for the Workload Types API's clusterStatuses.
         */
        @WithName("cluster-type-status")
        @WithDefault(io.kindred.events.Topics.CLUSTER_TYPE_STATUS)
        String clusterTypeStatus();

        /** Where undecodable or invalid workload-type records go, with the reason in headers. */
        @WithName("workload-types-dead-letter")
        @WithDefault("workload-types.dlq")
        String workloadTypesDeadLetter();

        /**
         * Create the topics above when they are missing (the two compacted ones with cleanup.policy=compact).
         * Turn off where topics are managed elsewhere (e.g. Strimzi KafkaTopic resources).
         */
        @WithName("auto-create")
        @WithDefault("true")
        boolean autoCreate();

        /** Partitions of a topic this service creates. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of a topic this service creates; -1 = the broker's default. */
        @WithName("replication-factor")
        @WithDefault("-1")
        short replicationFactor();
    }

    interface Watch {
        /** Namespaces to watch; empty = all namespaces. Cluster-scoped kinds are always watched cluster-wide. */
        Optional<List<String>> namespaces();

        /** Informer resync period: every object is re-evaluated this often (publishes only if something changed). */
        @WithName("resync-period")
        @WithDefault("10m")
        Duration resyncPeriod();

        /** First delay before looking again for a kind whose CRD is not installed (doubles up to the maximum). */
        @WithName("missing-kind-retry-initial")
        @WithDefault("2s")
        Duration missingKindRetryInitial();

        /** Longest delay between two looks for a kind whose CRD is not installed. */
        @WithName("missing-kind-retry-max")
        @WithDefault("2m")
        Duration missingKindRetryMax();
    }

    interface Publish {
        /** How long the producer may hold records to batch them (latency vs. throughput). */
        @WithName("linger")
        @WithDefault("5ms")
        Duration linger();

        /**
         * Status records waiting for the producer at most (e.g. through a Kafka outage); when full, the mapping waits
         * for room (back-pressure) instead of dropping states.
         */
        @WithName("queue-capacity")
        @WithDefault("10000")
        int queueCapacity();

        /** Delay before a status record Kafka refused is sent again (again and again until it is out). */
        @WithName("retry-delay")
        @WithDefault("2s")
        Duration retryDelay();

        /**
         * How long a deleted workload's DELETED record stays the last record of its key before a tombstone follows
         * (consumers further behind than this see the tombstone instead once compaction ran).
         */
        @WithName("tombstone-grace")
        @WithDefault("1h")
        Duration tombstoneGrace();
    }

    interface ClusterStatus {
        /**
         * How often every type's watch state is published again without a change. Readers take a cluster whose last
         * report is a few heartbeats old for one that stopped reporting (registry-service: kindred.cluster-status.stale-after).
         */
        @WithDefault("30s")
        Duration heartbeat();
    }

    interface Startup {
        /**
         * Delay after the first failed attempt to start the pipeline (Kafka or the schema registry unreachable, a
         * takeover that failed, a dead types consumer); it doubles with each further failure up to {@link #retryMax()}.
         */
        @WithName("retry-delay")
        @WithDefault("5s")
        Duration retryDelay();

        /** The longest delay between two attempts to start the pipeline. */
        @WithName("retry-max")
        @WithDefault("1m")
        Duration retryMax();
    }
}
