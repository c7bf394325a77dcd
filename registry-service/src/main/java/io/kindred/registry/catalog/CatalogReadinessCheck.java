package io.kindred.registry.catalog;

import io.kindred.registry.workloadproperties.WorkloadProperties;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the categories, priorities and built-in types are in the database. */
@Readiness
@ApplicationScoped
public class CatalogReadinessCheck implements HealthCheck {

    @Inject
    CatalogSeeder seeder;

    @Inject
    WorkloadProperties properties;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Workload properties seeded")
                .status(seeder.done())
                .withData("categories", properties.categories().size())
                .withData("priorities", properties.priorities().size())
                .build();
    }
}
