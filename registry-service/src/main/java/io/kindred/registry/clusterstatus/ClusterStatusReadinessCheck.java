package io.kindred.registry.clusterstatus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * What the clusterStatuses view holds. Always UP: without the reports the Workload Types API still works (it shows
 * {@code clusterStatuses: []}, or the last reports going stale), so this only informs.
 */
@Readiness
@ApplicationScoped
public class ClusterStatusReadinessCheck implements HealthCheck {

    @Inject
    ClusterStatusReader reader;

    @Inject
    ClusterStatusConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Cluster status reports").up()
                .withData("enabled", config.enabled())
                .withData("topic", config.topic())
                .withData("caughtUp", reader.caughtUp())
                .withData("reports", reader.reportCount());
        if (reader.lastFailure() != null) {
            response.withData("lastFailure", reader.lastFailure());
        }
        return response.build();
    }
}
