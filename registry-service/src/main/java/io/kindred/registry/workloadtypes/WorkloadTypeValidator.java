package io.kindred.registry.workloadtypes;

import io.kindred.registry.workloadproperties.Preemptibility;
import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.persistence.ResourceInterfaceVersion;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.ri.RiParser;
import io.kindred.ri.WorkloadTypeRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rules a create or update request must pass, before anything is written. Every problem of a request is
 * collected and answered at once (400, one "path: message" per problem); nothing here touches the database:
 * {@link WorkloadTypeService} runs the transactions with what this returns.
 */
@ApplicationScoped
public class WorkloadTypeValidator {

    @Inject
    WorkloadProperties properties;

    /** The request's RIs checked by ri-core on their own, before the stored type is known (CPU work). */
    record RiCheck(List<CheckedInterface> interfaces, List<Problem> problems) {
    }

    /** What an update request changes, after validation: a null field (or false) leaves the stored value. */
    record Changes(UUID categoryId, UUID priorityId, boolean preemptibilityChanged, String preemptibility,
            List<ResourceInterfaceVersion> interfaces) {

        boolean any() {
            return categoryId != null || priorityId != null || preemptibilityChanged || interfaces != null;
        }
    }

    /** @throws ApiException 400 listing every problem of the request */
    WorkloadTypeService.NewType validateCreate(WorkloadTypeCreateFields body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON body is required: {name, group, categoryId, priorityId, resourceInterfaces}");
        }
        List<Problem> problems = new ArrayList<>();
        String name = body.name();
        String nameProblem = WorkloadTypeRules.nameProblem(name);
        if (nameProblem != null) {
            problems.add(new Problem("name", nameProblem));
            name = null;
        }
        String group = ApiGroups.fromApi(body.group());
        String groupProblem = WorkloadTypeRules.groupProblem(group);
        if (groupProblem != null) {
            problems.add(new Problem("group", groupProblem));
            group = null;
        }
        UUID categoryId = requiredCategory(body.categoryId(), problems);
        UUID priorityId = requiredPriority(body.priorityId(), problems);
        checkPreemptibility(body.preemptibility(), problems);
        List<CheckedInterface> interfaces = List.of();
        if (body.resourceInterfaces() == null) {
            problems.add(new Problem("resourceInterfaces", "is required: one Resource Interface per supported CRD version"));
        } else {
            interfaces = ResourceInterfaceChecks.check(body.resourceInterfaces(), name, group, problems);
        }
        if (!problems.isEmpty()) {
            throw invalid("workload type", problems);
        }
        return new WorkloadTypeService.NewType(name, group, categoryId, priorityId, body.preemptibility(), interfaces, false);
    }

    static RiCheck checkInterfaces(List<JsonNode> requested) {
        List<Problem> problems = new ArrayList<>();
        List<CheckedInterface> interfaces = ResourceInterfaceChecks.check(requested, null, null, problems);
        return new RiCheck(interfaces, problems);
    }

    /**
     * Compares an update with the stored type (cheap: the RIs were checked before by {@link #checkInterfaces}).
     *
     * @param riCheck the request's RIs, or null when it has none
     * @throws ApiException 400 listing every problem of the request
     */
    Changes validateUpdate(WorkloadTypeEntity entity, WorkloadTypeUpdateFields body, RiCheck riCheck) {
        List<Problem> problems = new ArrayList<>();
        if (body.hasName() && !entity.name.equals(body.name())) {
            problems.add(new Problem("name", "cannot be changed (it is '" + entity.name + "'); register a new workload type instead"));
        }
        if (body.hasGroup() && !entity.group.equals(ApiGroups.fromApi(body.group()))) {
            problems.add(new Problem("group", "cannot be changed (it is '" + ApiGroups.toApi(entity.group)
                    + "'); register a new workload type instead"));
        }
        UUID categoryId = null;
        if (body.hasCategoryId()) {
            UUID requested = requiredCategory(body.categoryId(), problems);
            categoryId = Objects.equals(requested, entity.categoryId) ? null : requested;
        }
        UUID priorityId = null;
        if (body.hasPriorityId()) {
            UUID requested = requiredPriority(body.priorityId(), problems);
            priorityId = Objects.equals(requested, entity.priorityId) ? null : requested;
        }
        boolean preemptibilityChanged = false;
        if (body.hasPreemptibility()) {
            checkPreemptibility(body.preemptibility(), problems);
            preemptibilityChanged = !Objects.equals(body.preemptibility(), entity.preemptibility);
        }
        List<ResourceInterfaceVersion> interfaces = null;
        if (body.hasResourceInterfaces()) {
            interfaces = mergeVersions(entity, body.resourceInterfaces(), riCheck, problems);
        }
        if (!problems.isEmpty()) {
            throw invalid("update of workload type '" + entity.name + "'", problems);
        }
        return new Changes(categoryId, priorityId, preemptibilityChanged, body.preemptibility(), interfaces);
    }

    /** @return the new rows, or null when the versions are unchanged */
    private static List<ResourceInterfaceVersion> mergeVersions(WorkloadTypeEntity entity, List<JsonNode> requested,
            RiCheck riCheck, List<Problem> problems) {
        if (requested == null) {
            problems.add(new Problem("resourceInterfaces", "cannot be null: omit the field to keep the current versions"));
            return null;
        }
        int before = problems.size();
        problems.addAll(riCheck.problems());
        List<CheckedInterface> checked = ResourceInterfaceChecks.checkRoots(riCheck.interfaces(), entity.name, entity.group,
                problems);
        Map<String, String> current = new HashMap<>();
        for (ResourceInterfaceVersion row : entity.resourceInterfaces) {
            current.put(row.version, row.specJson);
        }
        for (CheckedInterface ri : checked) {
            String stored = current.get(ri.version());
            // stored JSON is canonical already: parse it again only when the texts differ (a newer canonical form)
            if (stored != null && !stored.equals(ri.canonicalJson()) && !canonical(stored).equals(ri.canonicalJson())) {
                problems.add(new Problem("resourceInterfaces[" + ri.index() + "]",
                        "version '" + ri.version() + "' is already registered with a different Resource Interface; an existing "
                                + "version cannot be modified (remove the version in one update and add it back in another, "
                                + "or keep it identical)"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        List<ResourceInterfaceVersion> rows = toRows(checked);
        boolean unchanged = rows.size() == entity.resourceInterfaces.size();
        List<ResourceInterfaceVersion> existing = entity.resourceInterfaces.stream()
                .sorted(Comparator.comparingInt(row -> row.position)).toList();
        for (int i = 0; unchanged && i < rows.size(); i++) {
            unchanged = rows.get(i).version.equals(existing.get(i).version);
        }
        return unchanged ? null : rows;
    }

    /** Re-canonicalises a stored spec, so a change in how ri-core writes canonical JSON never looks like an edit. */
    private static String canonical(String storedJson) {
        return RiParser.toJson(RiParser.parse(storedJson));
    }

    private UUID requiredCategory(String text, List<Problem> problems) {
        return requiredReference("categoryId", text, properties::category, "workload category", "/api/v1/workload-categories",
                problems);
    }

    private UUID requiredPriority(String text, List<Problem> problems) {
        return requiredReference("priorityId", text, properties::priority, "workload priority", "/api/v1/workload-priorities",
                problems);
    }

    /** @return the id of an existing category or priority, or null after adding the problem naming the field */
    private static UUID requiredReference(String field, String text, Function<UUID, Optional<?>> lookup, String what,
            String listPath, List<Problem> problems) {
        if (text == null) {
            problems.add(new Problem(field, "is required (see GET " + listPath + ")"));
            return null;
        }
        UUID id = Uuids.parse(text).orElse(null);
        if (id == null) {
            problems.add(new Problem(field, "'" + text + "' is not a valid UUID"));
            return null;
        }
        if (lookup.apply(id).isEmpty()) {
            problems.add(new Problem(field, "'" + text + "' is not a " + what + " (see GET " + listPath + ")"));
            return null;
        }
        return id;
    }

    private static void checkPreemptibility(String value, List<Problem> problems) {
        String problem = Preemptibility.problemWith(value);
        if (problem != null) {
            problems.add(new Problem("preemptibility", problem));
        }
    }

    /** The checked RIs as table rows, in the request's order. */
    static List<ResourceInterfaceVersion> toRows(List<CheckedInterface> interfaces) {
        List<ResourceInterfaceVersion> rows = new ArrayList<>(interfaces.size());
        for (int i = 0; i < interfaces.size(); i++) {
            rows.add(new ResourceInterfaceVersion(interfaces.get(i).version(), i, interfaces.get(i).canonicalJson()));
        }
        return rows;
    }

    static ApiException invalid(String what, List<Problem> problems) {
        String message = problems.size() == 1
                ? "Invalid " + what + ": " + problems.get(0)
                : "Invalid " + what + ": " + problems.size() + " problems (see details)";
        return ApiException.invalid(message, problems);
    }
}
