package io.kindred.registry.workloadproperties;

import java.util.List;

/**
 * The workload categories and priorities every installation has (Run:ai's defaults: three categories and the
 * seven priority classes with their Kubernetes PriorityClass values). The API offers no way to change them.
 */
public final class DefaultProperties {

    public record Category(String name, String description) {
    }

    public record Priority(String name, int value) {
    }

    /** Run:ai's priority source label; clients filter on it (source==Run:ai), so the default dictionary keeps it. */
    public static final String PRIORITY_SOURCE = "Run:ai";

    public static final List<Category> CATEGORIES = List.of(
            new Category("Build", "Interactive development: notebooks, workspaces and build jobs."),
            new Category("Train", "Training and batch compute: distributed and single-node training jobs."),
            new Category("Deploy", "Inference and services: long-running deployments that serve requests."));

    public static final List<Priority> PRIORITIES = List.of(
            new Priority("very-low", 25),
            new Priority("low", 40),
            new Priority("medium-low", 65),
            new Priority("medium", 80),
            new Priority("medium-high", 90),
            new Priority("high", 125),
            new Priority("very-high", 150));

    private DefaultProperties() {
    }
}
