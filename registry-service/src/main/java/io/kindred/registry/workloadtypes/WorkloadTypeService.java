package io.kindred.registry.workloadtypes;

import io.kindred.registry.persistence.Failures;
import com.fasterxml.jackson.databind.JsonNode;
import io.kindred.events.WorkloadTypeChange;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Problem;
import io.kindred.ri.validate.WorkloadTypeRules;
import io.kindred.registry.errors.Uuids;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.outbox.OutboxRelay;
import io.kindred.registry.outbox.OutboxWriter;
import io.kindred.registry.persistence.ResourceInterfaceVersion;
import io.kindred.registry.persistence.RevisionCounter;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.persistence.WorkloadTypeRepository;
import io.kindred.ri.RiParser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.vertx.mutiny.core.Vertx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The workload type rules and their transactions. Every change (create, update, delete) runs in one transaction
 * that takes the name's revision lock first, writes the change and appends its event to the outbox; the relay is
 * woken after the commit. Validation collects every problem of a request before answering.
 */
@ApplicationScoped
public class WorkloadTypeService {

    static final Set<String> PREEMPTIBILITIES = Set.of("preemptible", "non-preemptible");
    private static final Logger LOG = Logger.getLogger(WorkloadTypeService.class);

    @Inject
    WorkloadTypeRepository types;

    @Inject
    WorkloadProperties properties;

    @Inject
    RevisionCounter revisions;

    @Inject
    OutboxWriter outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    Vertx vertx;

    /** A written type with ri-core's warnings on the Resource Interfaces of the request (they never refuse it). */
    public record Written(WorkloadTypeEntity type, List<Problem> warnings) {
    }

    /** A new type that passed validation. */
    public record NewType(String name, String group, UUID categoryId, UUID priorityId, String preemptibility,
            List<CheckedInterface> interfaces, boolean builtin) {
    }

    public Uni<List<WorkloadTypeEntity>> list() {
        return Panache.withSession(() -> types.listWithInterfaces());
    }

    public Uni<WorkloadTypeEntity> get(UUID id) {
        return Panache.withSession(() -> types.findWithInterfaces(id))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    // ---------------------------------------------------------------- create

    /**
     * Validates off the event loop (parsing, validating and compiling up to four RIs with their jq is CPU work), then
     * writes on the request's context, where the reactive session lives.
     */
    public Uni<Written> create(WorkloadTypeCreateFields body, String subject) {
        return offEventLoop(() -> {
                    NewType type = validateCreate(body);
                    return new Checked<>(type, ResourceInterfaceChecks.warnings(body.resourceInterfaces()));
                })
                .flatMap(checked -> create(checked.value(), subject).map(type -> new Written(type, checked.warnings())));
    }

    private record Checked<T>(T value, List<Problem> warnings) {
    }

    /**
     * Runs CPU work on a worker thread and continues on the caller's Vert.x context (Hibernate Reactive must be
     * called there), unlike emitOn/runSubscriptionOn, which would continue on the worker.
     */
    private <T> Uni<T> offEventLoop(java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    NewType validateCreate(WorkloadTypeCreateFields body) {
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
        return new NewType(name, group, categoryId, priorityId, body.preemptibility(), interfaces, false);
    }

    /** Creates a validated type (API or built-in seeding): 409 when the name is taken. */
    public Uni<WorkloadTypeEntity> create(NewType type, String subject) {
        return Panache.withTransaction(() -> createInTransaction(type, subject))
                .onFailure(Failures::isUniqueViolation).transform(e -> nameTaken(type.name()))
                .invoke(created -> LOG.infof("Workload type %s (%s, id %s) created by %s, revision %d", created.name,
                        created.group, created.id, subject, created.revision))
                .invoke(relay::wakeUp);
    }

    /** The create itself, inside a transaction the caller opened (the built-in seeding adds its own bookkeeping). */
    public Uni<WorkloadTypeEntity> createInTransaction(NewType type, String subject) {
        return revisions.next(type.name())
                .flatMap(revision -> types.existsByName(type.name()).flatMap(exists -> {
                    if (exists) {
                        return Uni.createFrom().<WorkloadTypeEntity>failure(nameTaken(type.name()));
                    }
                    WorkloadTypeEntity entity = newEntity(type, subject, revision);
                    return types.persist(entity)
                            .call(persisted -> outbox.append(persisted, WorkloadTypeChange.CREATED, revision));
                }));
    }

    private static WorkloadTypeEntity newEntity(NewType type, String subject, long revision) {
        Instant now = now();
        WorkloadTypeEntity entity = new WorkloadTypeEntity();
        entity.id = UUID.randomUUID();
        entity.name = type.name();
        entity.group = type.group();
        entity.categoryId = type.categoryId();
        entity.priorityId = type.priorityId();
        entity.preemptibility = type.preemptibility();
        entity.builtin = type.builtin();
        entity.revision = revision;
        entity.createdAt = now;
        entity.createdBy = subject;
        entity.updatedAt = now;
        entity.updatedBy = subject;
        entity.resourceInterfaces = toRows(type.interfaces());
        return entity;
    }

    // ---------------------------------------------------------------- update

    /**
     * Partial update. Absent fields keep their value; {@code resourceInterfaces}, when present, is the new full list
     * of versions: versions may be added and removed, but a version present before and after must keep an identical
     * Resource Interface. A request that changes nothing answers the current state and publishes nothing.
     *
     * @param expectedVersion the client's If-Match version, or null
     */
    public Uni<Written> update(UUID id, WorkloadTypeUpdateFields body, String subject, Long expectedVersion) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest(
                    "A JSON body is required: any of categoryId, priorityId, preemptibility, resourceInterfaces"));
        }
        // the RIs are checked on their own off the event loop; inside the transaction only the cheap comparisons with
        // the stored type remain (its name and group, its versions' canonical JSON)
        return offEventLoop(() -> body.hasResourceInterfaces() && body.resourceInterfaces() != null
                        ? prechecked(body.resourceInterfaces())
                        : new Checked<RiCheck>(null, List.of()))
                .flatMap(checked -> update(id, body, checked.value(), subject, expectedVersion)
                        .map(type -> new Written(type, checked.warnings())));
    }

    /** The request's RIs checked by ri-core, before the stored type is known. */
    private record RiCheck(List<CheckedInterface> interfaces, List<Problem> problems) {
    }

    private static Checked<RiCheck> prechecked(List<JsonNode> requested) {
        List<Problem> problems = new ArrayList<>();
        List<CheckedInterface> interfaces = ResourceInterfaceChecks.check(requested, null, null, problems);
        return new Checked<>(new RiCheck(interfaces, problems), ResourceInterfaceChecks.warnings(requested));
    }

    private Uni<WorkloadTypeEntity> update(UUID id, WorkloadTypeUpdateFields body, RiCheck riCheck, String subject,
            Long expectedVersion) {
        AtomicBoolean changed = new AtomicBoolean();
        return Panache.withTransaction(() -> types.findWithInterfaces(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .flatMap(entity -> {
                            requireVersion(entity, expectedVersion);
                            Changes changes = validateUpdate(entity, body, riCheck);
                            if (!changes.any()) {
                                return Uni.createFrom().item(entity);
                            }
                            changed.set(true);
                            return revisions.next(entity.name).flatMap(revision -> {
                                changes.applyTo(entity, subject, revision);
                                return outbox.append(entity, WorkloadTypeChange.UPDATED, revision).replaceWith(entity);
                            });
                        }))
                .onFailure(Failures::isConcurrentModification).transform(e -> concurrentChange(id))
                .invoke(updated -> {
                    if (changed.get()) {
                        LOG.infof("Workload type %s (id %s) updated by %s, revision %d", updated.name, updated.id, subject,
                                updated.revision);
                        relay.wakeUp();
                    }
                });
    }

    /** What an update request changes, after validation. */
    private record Changes(UUID categoryId, UUID priorityId, boolean preemptibilityChanged, String preemptibility,
            List<ResourceInterfaceVersion> interfaces) {

        boolean any() {
            return categoryId != null || priorityId != null || preemptibilityChanged || interfaces != null;
        }

        void applyTo(WorkloadTypeEntity entity, String subject, long revision) {
            if (categoryId != null) {
                entity.categoryId = categoryId;
            }
            if (priorityId != null) {
                entity.priorityId = priorityId;
            }
            if (preemptibilityChanged) {
                entity.preemptibility = preemptibility;
            }
            if (interfaces != null) {
                entity.resourceInterfaces.clear();
                entity.resourceInterfaces.addAll(interfaces);
            }
            entity.revision = revision;
            entity.updatedAt = now();
            entity.updatedBy = subject;
        }
    }

    private Changes validateUpdate(WorkloadTypeEntity entity, WorkloadTypeUpdateFields body, RiCheck riCheck) {
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

    // ---------------------------------------------------------------- delete

    public Uni<Void> delete(UUID id, Long expectedVersion, String subject) {
        return Panache.withTransaction(() -> types.findWithInterfaces(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .flatMap(entity -> {
                            requireVersion(entity, expectedVersion);
                            return revisions.next(entity.name).flatMap(revision -> outbox
                                    .append(entity, WorkloadTypeChange.DELETED, revision)
                                    .call(() -> types.deleteIfUnchanged(entity)));
                        }))
                .onFailure(Failures::isConcurrentModification).transform(e -> concurrentChange(id))
                .invoke(event -> LOG.infof("Workload type %s (id %s) deleted by %s, revision %d", event.typeName, id, subject,
                        event.revision))
                .invoke(relay::wakeUp)
                .replaceWithVoid();
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Appends a SNAPSHOT event for every type, at its current revision, so a new consumer of the compacted topic
     * sees every type (consumers that already applied that revision skip it). Writers are held off meanwhile, so no
     * snapshot can land after a newer change of its type.
     *
     * @return the number of types enqueued
     */
    public Uni<Integer> enqueueSnapshot() {
        return Panache.withTransaction(this::enqueueSnapshotInTransaction).invoke(relay::wakeUp);
    }

    public Uni<Integer> enqueueSnapshotInTransaction() {
        return revisions.lockAll()
                .flatMap(locked -> types.listWithInterfaces())
                .flatMap(all -> Multi.createFrom().iterable(all)
                        .onItem().transformToUniAndConcatenate(
                                type -> outbox.append(type, WorkloadTypeChange.SNAPSHOT, type.revision))
                        .collect().asList()
                        .map(List::size));
    }

    // ---------------------------------------------------------------- helpers

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
        if (value != null && !PREEMPTIBILITIES.contains(value)) {
            problems.add(new Problem("preemptibility", "'" + value + "' is not one of preemptible, non-preemptible"));
        }
    }

    private static List<ResourceInterfaceVersion> toRows(List<CheckedInterface> interfaces) {
        List<ResourceInterfaceVersion> rows = new ArrayList<>(interfaces.size());
        for (int i = 0; i < interfaces.size(); i++) {
            rows.add(new ResourceInterfaceVersion(interfaces.get(i).version(), i, interfaces.get(i).canonicalJson()));
        }
        return rows;
    }

    private static void requireVersion(WorkloadTypeEntity entity, Long expectedVersion) {
        if (expectedVersion != null && !expectedVersion.equals(entity.optLock)) {
            throw new ApiException(409, "Workload type '" + entity.name + "' was changed since you read it",
                    "If-Match names version " + expectedVersion + ", the current version is " + entity.optLock
                            + "; read it again and retry");
        }
    }

    static ApiException invalid(String what, List<Problem> problems) {
        String message = problems.size() == 1
                ? "Invalid " + what + ": " + problems.get(0)
                : "Invalid " + what + ": " + problems.size() + " problems (see details)";
        return ApiException.invalid(message, problems);
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("Workload type " + id + " not found.");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("A workload type named '" + name + "' already exists");
    }

    private static ApiException concurrentChange(UUID id) {
        return new ApiException(409, "Workload type " + id + " was changed concurrently by another request",
                "Read it again and retry the update");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
