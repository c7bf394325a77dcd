package io.kindred.statusmapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.kindred.leadership.LeaderElection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the pipeline with the application (in the background, so HTTP and health come up at once) and its
 * candidacy for leadership, and stops both: the pipeline first (a leader's last reports go out while it still
 * holds the Lease), then the candidacy (a leader gives the Lease up, so a standby takes over at its next try).
 */
@ApplicationScoped
public class StatusMapperLifecycle {

    @Inject
    StatusMapperEngine engine;

    @Inject
    StatusMapperConfig config;

    @Inject
    LeaderElection election;

    void onStart(@Observes StartupEvent event) {
        if (config.startOnBoot()) {
            engine.start();
            election.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        engine.stop();
        election.close();
    }
}
