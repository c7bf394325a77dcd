package io.kindred.statusmapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts the pipeline with the application (in the background, so HTTP and health come up at once) and stops it. */
@ApplicationScoped
public class StatusMapperLifecycle {

    @Inject
    StatusMapperEngine engine;

    @Inject
    StatusMapperConfig config;

    void onStart(@Observes StartupEvent event) {
        if (config.startOnBoot()) {
            engine.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        engine.stop();
    }
}
