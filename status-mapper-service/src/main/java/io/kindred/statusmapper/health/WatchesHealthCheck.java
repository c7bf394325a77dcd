package io.kindred.statusmapper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.kindred.statusmapper.StatusMapperEngine;
import io.kindred.statusmapper.watch.WatchState;
import io.kindred.statusmapper.watch.WatchStatus;

/**
 * The informer state of every registered kind, one data entry per GVK. Stays UP when a kind's CRD is missing: the
 * other kinds are served and the missing one starts by itself when its CRD appears; the detail says so.
 */
@Readiness
@ApplicationScoped
public class WatchesHealthCheck implements HealthCheck {

    @Inject
    StatusMapperEngine engine;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kind watches").up();
        int waiting = 0;
        for (WatchStatus watch : engine.watches()) {
            response.withData(watch.gvk(), describe(watch));
            if (watch.state() == WatchState.KIND_NOT_INSTALLED) {
                waiting++;
            }
        }
        response.withData("kindsNotInstalled", waiting);
        return response.build();
    }

    static String describe(WatchStatus watch) {
        StringBuilder text = new StringBuilder(watch.state().name());
        text.append(" (type ").append(watch.typeName()).append(" revision ").append(watch.revision());
        switch (watch.state()) {
            case WATCHING, STARTING -> {
                text.append(", ").append(watch.objects()).append(" objects");
                text.append(watch.connected() ? ", watch connected" : ", watch reconnecting");
                if (watch.state() == WatchState.WATCHING) {
                    text.append(watch.lead() ? ", mapped" : ", standby: another version of the type is mapped");
                }
            }
            case KIND_NOT_INSTALLED, DISCOVERY_FAILED -> {
                text.append(", ").append(watch.attempts()).append(" looks");
                if (watch.nextAttemptAt() != null) {
                    text.append(", next at ").append(watch.nextAttemptAt());
                }
            }
            default -> {
            }
        }
        if (watch.lastError() != null) {
            text.append(", last error: ").append(watch.lastError());
        }
        return text.append(')').toString();
    }
}
