package io.kindred.statusmapper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.kindred.statusmapper.StatusMapperConfig;
import io.kindred.statusmapper.StatusMapperEngine;

/**
 * Ready once the state store is rebuilt and every workload type present at start is loaded, and while the
 * workload-types consumer runs.
 */
@Readiness
@ApplicationScoped
public class PipelineHealthCheck implements HealthCheck {

    @Inject
    StatusMapperEngine engine;

    @Inject
    StatusMapperConfig config;

    @Override
    public HealthCheckResponse call() {
        StatusMapperEngine.Phase phase = engine.phase();
        boolean consumerRunning = engine.typesConsumerRunning();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("status-mapping pipeline")
                .status(phase == StatusMapperEngine.Phase.RUNNING && consumerRunning)
                .withData("phase", phase.name())
                .withData("clusterId", config.clusterId())
                .withData("workloadTypes", engine.types().size())
                .withData("trackedWorkloads", engine.tracker().size())
                .withData("typesConsumer", consumerRunning ? "running" : "not running");
        String failure = engine.lastFailure();
        if (failure != null) {
            response.withData("lastFailure", failure);
        }
        return response.build();
    }
}
