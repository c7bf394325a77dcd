package io.kindred.statusmapper;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kindred.kafka.Backoff;
import io.kindred.kafka.KafkaClients;
import io.kindred.leadership.LeaderElection;
import io.kindred.leadership.LeaderElectionSettings;
import io.kindred.statusmapper.mapping.WorkloadEvaluator;
import io.kindred.statusmapper.mapping.WorkloadKinds;
import io.kindred.statusmapper.mapping.WorkloadTracker;
import io.kindred.statusmapper.metrics.StatusMapperMetrics;
import io.kindred.statusmapper.watch.WatchSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Wires the plain-Java pipeline into Quarkus. The classes themselves take everything through their constructors,
 * so the load harness builds the very same pipeline without a container.
 */
@ApplicationScoped
public class StatusMapperBeans {

    @Produces
    @Singleton
    KafkaClients kafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                              @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
                              @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return new KafkaClients(kafkaConfig, registryUrl, applicationName);
    }

    @Produces
    @Singleton
    StatusMapperMetrics metrics(MeterRegistry registry) {
        return new StatusMapperMetrics(registry);
    }

    @Produces
    @Singleton
    WorkloadTracker tracker(StatusMapperMetrics metrics) {
        WorkloadKinds kinds = new WorkloadKinds();
        metrics.bindWorkloadCounts(kinds);
        return new WorkloadTracker(kinds);
    }

    @Produces
    @Singleton
    StatusMapperEngine engine(StatusMapperConfig config, KafkaClients kafka, KubernetesClient kubernetes,
                              StatusMapperMetrics metrics, WorkloadTracker tracker, LeaderElection election) {
        return new StatusMapperEngine(settings(config), kafka, kubernetes, metrics, tracker, new WorkloadEvaluator(),
                Clock.systemUTC(), election::mayAct, false);
    }

    /** Tells the engine to lead or stand down; the engine is looked up lazily (it needs the election's gate). */
    @Produces
    @Singleton
    LeaderElection leaderElection(StatusMapperConfig config, KubernetesClient kubernetes,
                                  Instance<StatusMapperEngine> engine) {
        LeaderElectionSettings settings = LeaderElectionSettings.of(config.leaderElection(), kubernetes.getNamespace());
        return new LeaderElection(kubernetes, settings, new LeaderElection.Listener() {
            @Override
            public void startedLeading() {
                engine.get().lead();
            }

            @Override
            public void stoppedLeading() {
                engine.get().standDown();
            }
        });
    }

    static StatusMapperEngine.Settings settings(StatusMapperConfig config) {
        StatusMapperConfig.Watch watch = config.watch();
        return new StatusMapperEngine.Settings(config.clusterId(), config.topics().workloadTypes(),
                config.topics().workloadStatus(), config.topics().workloadTypesDeadLetter(),
                config.topics().autoCreate(), config.topics().partitions(), config.topics().replicationFactor(),
                new WatchSettings(watch.namespaces().orElse(java.util.List.of()), watch.resyncPeriod(),
                        new Backoff(watch.missingKindRetryInitial(), watch.missingKindRetryMax())),
                config.publish().linger(),
                new Backoff(config.startup().retryDelay(), config.startup().retryMax()), config.topics().clusterTypeStatus(),
                config.clusterStatus().heartbeat(), config.publish().retryDelay(), config.publish().tombstoneGrace(),
                config.publish().queueCapacity());
    }
}
