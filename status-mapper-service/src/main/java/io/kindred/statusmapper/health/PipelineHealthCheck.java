package io.kindred.statusmapper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.kindred.leadership.LeaderElection;
import io.kindred.statusmapper.StatusMapperConfig;
import io.kindred.statusmapper.StatusMapperEngine;

/**
 * Ready while the workload-types consumer runs and either this replica leads and its pipeline runs (state store
 * rebuilt, every type loaded and watched) or it is a warm standby (types loaded). The detail says which
 * ({@code leadership}) and, on a standby, which replica leads.
 */
@Readiness
@ApplicationScoped
public class PipelineHealthCheck implements HealthCheck {

    @Inject
    StatusMapperEngine engine;

    @Inject
    StatusMapperConfig config;

    @Inject
    LeaderElection election;

    @Override
    public HealthCheckResponse call() {
        StatusMapperEngine.Phase phase = engine.phase();
        boolean consumerRunning = engine.typesConsumerRunning();
        boolean serving = phase == StatusMapperEngine.Phase.RUNNING
                || (phase == StatusMapperEngine.Phase.STANDBY && !engine.leading());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("status-mapping pipeline")
                .status(serving && consumerRunning)
                .withData("phase", phase.name())
                .withData("leadership", election.describe())
                .withData("leadershipSince", String.valueOf(election.since()))
                .withData("clusterId", config.clusterId())
                .withData("workloadTypes", engine.types().size())
                .withData("trackedWorkloads", engine.tracker().size())
                .withData("typesConsumer", consumerRunning ? "running" : "not running");
        if (engine.lastTakeover() != null) {
            response.withData("lastTakeoverMillis", engine.lastTakeover().toMillis());
        }
        String failure = engine.lastFailure();
        if (failure != null) {
            response.withData("lastFailure", failure);
        }
        return response.build();
    }
}
