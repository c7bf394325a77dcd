package io.kindred.scheduleradapter.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profiles running the adapter with another backend than the default (KAI). Test classes of one backend share
 * its profile, so Quarkus starts the application once for all of them.
 */
public final class BackendProfiles {

    private BackendProfiles() {
    }

    private abstract static class Backend implements QuarkusTestProfile {
        private final String backend;

        Backend(String backend) {
            this.backend = backend;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kindred.adapter.backend", backend,
                    "mp.messaging.incoming.workload-status.group.id", "adapter-" + backend + "-test");
        }
    }

    public static final class Coscheduling extends Backend {
        public Coscheduling() {
            super("coscheduling");
        }
    }

    public static final class Volcano extends Backend {
        public Volcano() {
            super("volcano");
        }
    }
}
