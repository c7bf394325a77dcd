package io.kindred.scheduleradapter.health;

import io.kindred.scheduleradapter.AdapterRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the workload types are loaded (status events wait for them), on the leader and on a standby alike (both
 * serve the webhook and consume their partitions; only the leader runs the pod reconciler), with what the adapter
 * holds: the leadership, the
 * backend, the PodGroups it made, the kinds it caches for owner lookups and those whose CRD is not served yet.
 */
@Readiness
@ApplicationScoped
public class AdapterReadinessCheck implements HealthCheck {

    @Inject
    AdapterRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("scheduler-adapter")
                .status(runtime.typesLoaded())
                .withData("backend", runtime.backend().id().name())
                .withData("workloadTypes", runtime.types().size())
                .withData("podGroups", runtime.store().size())
                .withData("podGroupWatch", runtime.store().hasSynced() ? "synced" : "syncing")
                .withData("ownerCacheKinds", runtime.objects().watched().size())
                .withData("kindsNotServed", runtime.objects().waitingForKind().toString())
                .withData("podWrites", runtime.reconciler().patches())
                .withData("leadership", runtime.leadership().describe())
                .withData("podReconciler", runtime.reconciler().running() ? "running" : "standby")
                .withData("podGroupWrites", runtime.writer().applies())
                .build();
    }
}
