package io.kindred.registry.workloadproperties;

import io.kindred.registry.persistence.CategoryEntity;
import io.kindred.registry.persistence.PriorityEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The categories and priorities, held in memory. They are fixed dictionaries (seeded at start-up, never changed
 * through the API), so every response and event can name a type's category and priority without a join.
 */
@ApplicationScoped
public class WorkloadProperties {

    public record Category(UUID id, String name, String description, Instant createdAt, String createdBy) {
    }

    public record Priority(UUID id, String name, int value, String source, Instant createdAt, Instant updatedAt) {
    }

    private volatile Map<UUID, Category> categories = Map.of();
    private volatile Map<UUID, Priority> priorities = Map.of();

    public void load(List<CategoryEntity> categoryRows, List<PriorityEntity> priorityRows) {
        // Map.copyOf keeps no order: the listings sort on every call
        categories = categoryRows.stream().collect(Collectors.toUnmodifiableMap(c -> c.id,
                c -> new Category(c.id, c.name, c.description, c.createdAt, c.createdBy)));
        priorities = priorityRows.stream().collect(Collectors.toUnmodifiableMap(p -> p.id,
                p -> new Priority(p.id, p.name, p.value, p.source, p.createdAt, p.updatedAt)));
    }

    public List<Category> categories() {
        return categories.values().stream().sorted(Comparator.comparing(Category::name)).toList();
    }

    public List<Priority> priorities() {
        return priorities.values().stream().sorted(Comparator.comparingInt(Priority::value)).toList();
    }

    public Optional<Category> category(UUID id) {
        return Optional.ofNullable(categories.get(id));
    }

    public Optional<Priority> priority(UUID id) {
        return Optional.ofNullable(priorities.get(id));
    }

    public Optional<Category> categoryNamed(String name) {
        return categories.values().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Priority> priorityNamed(String name) {
        return priorities.values().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The preemptibility a type really has: the explicit one, else Run:ai's rule on its priority's value. */
    public String effectivePreemptibility(String explicit, UUID priorityId) {
        if (explicit != null) {
            return explicit;
        }
        return priority(priorityId).map(p -> Preemptibility.derived(p.value())).orElse(null);
    }
}
