package io.kindred.registry.clusterstatus;

import io.kindred.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the clusterStatuses view ({@code kindred.cluster-status.*}); README "Settings" lists them. */
@ConfigMapping(prefix = "kindred.cluster-status")
public interface ClusterStatusConfig {

    /** Read the status mappers' reports at all (off: clusterStatuses stays []). */
    @WithDefault("true")
    boolean enabled();

    /** Compacted topic the status mappers publish their watch state to (key = cluster id '/' type name). */
    @WithDefault(Topics.CLUSTER_TYPE_STATUS)
    String topic();

    /**
     * A cluster whose last report of a type is older than this is shown with phase Unknown and a Stale condition.
     * Keep it a few times the status mappers' kindred.cluster-status.heartbeat (30 s by default).
     */
    @WithDefault("PT2M")
    Duration staleAfter();

    /** Create the topic (compacted) when it does not exist, so the reader can start before any status mapper. */
    @WithDefault("true")
    boolean createTopic();

    /** Partitions of the topic when this service creates it. */
    @WithDefault("3")
    int partitions();

    /** How long to wait before reading again after the topic was missing or Kafka failed. */
    @WithDefault("PT5S")
    Duration retryDelay();
}
