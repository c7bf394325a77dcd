package io.kindred.scheduleradapter;

import io.kindred.leadership.LeaderElectionConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the adapter (README "Settings" lists each with its environment variable). */
@ConfigMapping(prefix = "kindred")
public interface AdapterConfig {

    /** Id of the cluster this adapter serves; only status events of this cluster are acted on. */
    @WithName("cluster-id")
    @WithDefault("local")
    String clusterId();

    Adapter adapter();

    Topics topics();

    /**
     * Replicas elect one leader on a Lease for the single-writer part (the pod reconciler); the webhook and the
     * partition-owned consumers run on every replica.
     */
    @WithName("leader-election")
    LeaderElectionConfig leaderElection();

    interface Adapter {

        /** kai (default), volcano or coscheduling. */
        @WithDefault("kai")
        String backend();

        /** Prefix of every PodGroup name. */
        @WithName("name-prefix")
        @WithDefault("kindred")
        String namePrefix();

        /**
         * Pods with one of these schedulerNames are bound; unset = the backend's scheduler (kai-scheduler, volcano,
         * scheduler-plugins-scheduler); {@code *} = every pod.
         */
        @WithName("scheduler-names")
        Optional<List<String>> schedulerNames();

        @WithName("default-queue")
        Optional<String> defaultQueue();

        @WithName("default-priority-class")
        Optional<String> defaultPriorityClass();

        @WithName("default-preemptibility")
        Optional<String> defaultPreemptibility();

        /** Label keys naming a workload's queue, tried in order. */
        @WithName("queue-labels")
        @WithDefault("kai.scheduler/queue,scheduling.volcano.sh/queue-name,kindred.io/queue")
        List<String> queueLabels();

        @WithName("priority-class-label")
        @WithDefault("priorityClassName")
        String priorityClassLabel();

        @WithName("preemptibility-label")
        @WithDefault("kai.scheduler/preemptibility")
        String preemptibilityLabel();

        /** Registry priority name → PriorityClass name; a priority not listed is used as the class name. */
        @WithName("priority-classes")
        Map<String, String> priorityClasses();

        /** How often a registered kind whose CRD is not served yet is looked up again. */
        @WithName("kind-retry")
        @WithDefault("10s")
        Duration kindRetry();

        /** How soon a pod whose owner is not cached yet, or whose patch failed, is looked at again. */
        @WithName("pod-retry")
        @WithDefault("1s")
        Duration podRetry();

        /** How long to wait between attempts when the Kubernetes API fails while a directive is applied. */
        @WithName("api-retry")
        @WithDefault("2s")
        Duration apiRetry();

        /**
         * Workloads whose status events are applied side by side (one lane each, a workload's events always on the
         * same lane, in order). A lane spends most of an apply waiting for the API server, so lanes, not CPU, bound
         * the rate: 8 gave 451 workloads/s and 32 gave 584–702/s on the 2-core benchmark (docs/benchmarks.md).
         */
        @WithName("status-lanes")
        @WithDefault("32")
        int statusLanes();

        /** Tries of a Workloads V2 submission while the API server is unreachable; then it is Failed. */
        @WithName("submission-attempts")
        @WithDefault("5")
        int submissionAttempts();
    }

    interface Topics {

        @WithName("workload-types")
        @WithDefault("workload-types")
        String workloadTypes();

        @WithName("workload-types-dead-letter")
        @WithDefault("workload-types.adapter-dlq")
        String workloadTypesDeadLetter();

        /** Create missing topics at start (compacted where the contract says so). */
        @WithDefault("true")
        boolean create();

        @WithDefault("3")
        int partitions();

        /** -1 = the broker's default. */
        @WithName("replication-factor")
        @WithDefault("-1")
        short replicationFactor();
    }
}
