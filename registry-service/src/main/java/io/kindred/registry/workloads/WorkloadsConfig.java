package io.kindred.registry.workloads;

import io.kindred.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Workloads V2 API ({@code kindred.workloads.*}): the projects workloads are submitted to, and the
 * topics the registry reads sync results and observed states from.
 */
@ConfigMapping(prefix = "kindred.workloads")
public interface WorkloadsConfig {

    /** Projects by id (Run:ai's projectId): where a project's workloads go. */
    Map<String, ProjectSettings> projects();

    /** Run:ai's tenantId in responses (Kindred has one tenant). */
    @WithDefault("1")
    int tenantId();

    /** Topic of the scheduler-adapters' sync results. */
    @WithDefault(Topics.WORKLOAD_SYNC)
    String syncTopic();

    /** Topic of the status mapper's observed states. */
    @WithDefault(Topics.WORKLOAD_STATUS)
    String statusTopic();

    Consumer consumer();

    interface ProjectSettings {
        /** DNS label (Run:ai's pattern for project names). */
        String name();

        /** Namespace the project's workloads are applied into. */
        String namespace();

        /** Scheduler queue of the project's workloads; empty = the scheduler-adapter's default. */
        Optional<String> queue();

        /** Cluster the project lives in (a UUID: Run:ai's clients check the format). */
        String clusterId();

        @WithDefault("1")
        String departmentId();

        @WithDefault("default")
        String departmentName();
    }

    interface Consumer {
        /** Read sync results and states at all (off only for tools). */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group shared by the registry's replicas (env KINDRED_REGISTRY_GROUP; default in application.properties). */
        String groupId();

        /**
         * How long a status event that arrived before its workload's sync result named the object's UID is kept
         * waiting for that result; dropped after (the object was not that workload's).
         */
        @WithDefault("PT1H")
        java.time.Duration pendingStatusRetention();
    }
}
