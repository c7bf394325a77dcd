package io.kindred.registry.workloadtypes;

import io.kindred.events.WorkloadTypeChange;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.outbox.OutboxRelay;
import io.kindred.registry.outbox.OutboxWriter;
import io.kindred.registry.persistence.Failures;
import io.kindred.registry.persistence.RevisionCounter;
import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.kindred.registry.persistence.WorkloadTypeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The workload type transactions. Every change (create, update, delete) runs in one transaction that takes the
 * name's revision lock first, writes the change and appends its event to the outbox; the relay is woken after the
 * commit. What a request must satisfy is {@link WorkloadTypeValidator}'s job; this class decides where each check
 * runs (the RIs on a worker thread, the comparisons with the stored type inside the transaction).
 */
@ApplicationScoped
public class WorkloadTypeService {

    private static final Logger LOG = Logger.getLogger(WorkloadTypeService.class);

    @Inject
    WorkloadTypeRepository types;

    @Inject
    WorkloadTypeValidator validator;

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
                    NewType type = validator.validateCreate(body);
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
        entity.resourceInterfaces = WorkloadTypeValidator.toRows(type.interfaces());
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
                        ? new Checked<>(WorkloadTypeValidator.checkInterfaces(body.resourceInterfaces()),
                                ResourceInterfaceChecks.warnings(body.resourceInterfaces()))
                        : new Checked<WorkloadTypeValidator.RiCheck>(null, List.of()))
                .flatMap(checked -> update(id, body, checked.value(), subject, expectedVersion)
                        .map(type -> new Written(type, checked.warnings())));
    }

    private Uni<WorkloadTypeEntity> update(UUID id, WorkloadTypeUpdateFields body, WorkloadTypeValidator.RiCheck riCheck,
            String subject,
            Long expectedVersion) {
        AtomicBoolean changed = new AtomicBoolean();
        return Panache.withTransaction(() -> types.findWithInterfaces(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .flatMap(entity -> {
                            requireVersion(entity, expectedVersion);
                            WorkloadTypeValidator.Changes changes = validator.validateUpdate(entity, body, riCheck);
                            if (!changes.any()) {
                                return Uni.createFrom().item(entity);
                            }
                            changed.set(true);
                            return revisions.next(entity.name).flatMap(revision -> {
                                apply(changes, entity, subject, revision);
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

    private static void apply(WorkloadTypeValidator.Changes changes, WorkloadTypeEntity entity, String subject,
            long revision) {
        if (changes.categoryId() != null) {
            entity.categoryId = changes.categoryId();
        }
        if (changes.priorityId() != null) {
            entity.priorityId = changes.priorityId();
        }
        if (changes.preemptibilityChanged()) {
            entity.preemptibility = changes.preemptibility();
        }
        if (changes.interfaces() != null) {
            entity.resourceInterfaces.clear();
            entity.resourceInterfaces.addAll(changes.interfaces());
        }
        entity.revision = revision;
        entity.updatedAt = now();
        entity.updatedBy = subject;
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

    private static void requireVersion(WorkloadTypeEntity entity, Long expectedVersion) {
        if (expectedVersion != null && !expectedVersion.equals(entity.optLock)) {
            throw new ApiException(409, "Workload type '" + entity.name + "' was changed since you read it",
                    "If-Match names version " + expectedVersion + ", the current version is " + entity.optLock
                            + "; read it again and retry");
        }
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
