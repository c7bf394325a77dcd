package io.kindred.registry.workloads;

import io.kindred.registry.errors.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The projects workloads can be submitted to, from configuration ({@code kindred.workloads.projects."<id>".*}).
 * Checked once at start-up: a project that Run:ai's clients could not parse (name not a DNS label, cluster id not a
 * UUID) or without a namespace stops the service with a message naming the setting.
 */
@ApplicationScoped
public class Projects {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");

    /** One project: its id, settings and when this registry started serving it. */
    public record Project(String id, String name, String namespace, String queue, String clusterId,
            String departmentId, String departmentName, Instant since) {
    }

    private final List<Project> projects;

    @Inject
    public Projects(WorkloadsConfig config) {
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        projects = config.projects().entrySet().stream()
                .map(entry -> check(entry.getKey(), entry.getValue(), since))
                .sorted(Comparator.comparing(Project::name))
                .toList();
    }

    private static Project check(String id, WorkloadsConfig.ProjectSettings settings, Instant since) {
        String prefix = "kindred.workloads.projects.\"" + id + "\".";
        if (!DNS_LABEL.matcher(settings.name()).matches()) {
            throw new IllegalStateException(prefix + "name '" + settings.name() + "' must match " + DNS_LABEL.pattern());
        }
        if (!DNS_LABEL.matcher(settings.namespace()).matches()) {
            throw new IllegalStateException(prefix + "namespace '" + settings.namespace() + "' is not a namespace name");
        }
        if (Uuids.parse(settings.clusterId()).isEmpty()) {
            throw new IllegalStateException(prefix + "cluster-id '" + settings.clusterId() + "' must be a UUID");
        }
        return new Project(id, settings.name(), settings.namespace(), settings.queue().orElse(null),
                settings.clusterId(), settings.departmentId(), settings.departmentName(), since);
    }

    public List<Project> all() {
        return projects;
    }

    public Optional<Project> byId(String id) {
        return projects.stream().filter(project -> project.id().equals(id)).findFirst();
    }
}
