package io.kindred.stack;

import java.nio.file.Path;

/** The three services, their modules and default HTTP ports. */
public enum KindredService {
    REGISTRY("registry-service", 8080),
    STATUS_MAPPER("status-mapper-service", 8081),
    SCHEDULER_ADAPTER("scheduler-adapter", 8082);

    private final String module;
    private final int defaultPort;

    KindredService(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The runnable jar the module's Quarkus build writes. */
    public Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
