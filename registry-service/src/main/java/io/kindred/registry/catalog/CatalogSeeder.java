package io.kindred.registry.catalog;

import io.kindred.registry.workloadproperties.DefaultProperties;
import io.kindred.registry.workloadproperties.WorkloadProperties;
import io.kindred.registry.errors.Problem;
import io.kindred.registry.outbox.OutboxRelay;
import io.kindred.registry.persistence.CategoryEntity;
import io.kindred.registry.persistence.PriorityEntity;
import io.kindred.registry.workloadtypes.CheckedInterface;
import io.kindred.registry.workloadtypes.ResourceInterfaceChecks;
import io.kindred.registry.workloadtypes.WorkloadTypeService;
import io.kindred.ri.RiParser;
import io.kindred.ri.catalog.BuiltinCatalog;
import io.kindred.ri.catalog.CatalogEntry;
import io.kindred.ri.catalog.CatalogVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Brings a fresh or upgraded database to the state every installation starts from, idempotently and safely when
 * several replicas start together (each step runs under a PostgreSQL advisory lock):
 * <ol>
 * <li>the categories and priorities, with their stable ids;</li>
 * <li>every built-in workload type of ri-core's catalog, each seeded once: a built-in an administrator deleted is
 * not brought back, and one whose name an administrator registered first is left alone;</li>
 * <li>on the very first start, a SNAPSHOT of the whole table into the outbox, so a new consumer of the compacted
 * topic sees every type.</li>
 * </ol>
 */
@ApplicationScoped
public class CatalogSeeder {

    private static final Logger LOG = Logger.getLogger(CatalogSeeder.class);
    /** Advisory lock key of start-up seeding ("kindred-seed"). */
    static final long SEED_LOCK_KEY = 0x6B696E6472656402L;
    static final String INITIAL_SNAPSHOT_KEY = "initial-snapshot-enqueued";
    static final String SYSTEM = "system";

    @Inject
    WorkloadProperties properties;

    @Inject
    WorkloadTypeService service;

    @Inject
    OutboxRelay relay;

    @Inject
    CatalogConfig config;

    private volatile boolean done;

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION) StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::seedProperties));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(this::loadProperties));
        if (config.seedBuiltins()) {
            int seeded = 0;
            for (CatalogEntry entry : BuiltinCatalog.load()) {
                Boolean created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> seedBuiltin(entry)));
                if (Boolean.TRUE.equals(created)) {
                    seeded++;
                }
            }
            if (seeded > 0) {
                LOG.infof("Seeded %d built-in workload types", seeded);
            }
        }
        Integer snapshot = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::initialSnapshot));
        if (snapshot != null && snapshot > 0) {
            LOG.infof("First start: enqueued a snapshot of %d workload types", snapshot);
        }
        done = true;
        relay.wakeUp();
    }

    public boolean done() {
        return done;
    }

    private Uni<Void> seedProperties() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return lock().flatMap(ignored -> Panache.getSession()).flatMap(session -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (DefaultProperties.Category category : DefaultProperties.CATEGORIES) {
                chain = chain.flatMap(n -> session.createNativeQuery(
                                "insert into workload_category (id, name, description, created_at, created_by) "
                                        + "values (:id, :name, :description, :now, :by) on conflict do nothing")
                        .setParameter("id", StableIds.category(category.name()))
                        .setParameter("name", category.name())
                        .setParameter("description", category.description())
                        .setParameter("now", now)
                        .setParameter("by", SYSTEM)
                        .executeUpdate());
            }
            for (DefaultProperties.Priority priority : DefaultProperties.PRIORITIES) {
                chain = chain.flatMap(n -> session.createNativeQuery(
                                "insert into workload_priority (id, name, value, source, created_at, updated_at) "
                                        + "values (:id, :name, :value, :source, :now, :now) on conflict do nothing")
                        .setParameter("id", StableIds.priority(priority.name()))
                        .setParameter("name", priority.name())
                        .setParameter("value", priority.value())
                        .setParameter("source", DefaultProperties.PRIORITY_SOURCE)
                        .setParameter("now", now)
                        .executeUpdate());
            }
            return chain.replaceWithVoid();
        });
    }

    private Uni<Void> loadProperties() {
        return CategoryEntity.<CategoryEntity>listAll()
                .flatMap(categories -> PriorityEntity.<PriorityEntity>listAll()
                        .invoke(priorities -> properties.load(categories, priorities)))
                .replaceWithVoid();
    }

    /** @return true when the type was created now */
    private Uni<Boolean> seedBuiltin(CatalogEntry entry) {
        return lock()
                .flatMap(ignored -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery("select count(*) from builtin_seed where name = :name", Long.class)
                        .setParameter("name", entry.name())
                        .getSingleResult()
                        .flatMap(count -> {
                            if (count > 0) {
                                return Uni.createFrom().item(false);
                            }
                            Uni<Integer> markSeeded = session.createNativeQuery(
                                            "insert into builtin_seed (name, seeded_at) values (:name, :now)")
                                    .setParameter("name", entry.name())
                                    .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MICROS))
                                    .executeUpdate();
                            WorkloadTypeService.NewType type = toNewType(entry);
                            if (type == null) {
                                return Uni.createFrom().item(false);
                            }
                            return session.createNativeQuery("select count(*) from workload_type where name = :name", Long.class)
                                    .setParameter("name", entry.name())
                                    .getSingleResult()
                                    .flatMap(existing -> existing > 0
                                            ? markSeeded.map(n -> {
                                                LOG.infof("Built-in %s not seeded: a workload type of that name is already registered", entry.name());
                                                return false;
                                            })
                                            : service.createInTransaction(type, SYSTEM).flatMap(created -> markSeeded).map(n -> true));
                        }));
    }

    /** The catalog entry as a validated new type, or null (logged) when it does not pass the registry's checks. */
    WorkloadTypeService.NewType toNewType(CatalogEntry entry) {
        List<Problem> problems = new ArrayList<>();
        UUID categoryId = properties.categoryNamed(entry.category()).map(WorkloadProperties.Category::id).orElse(null);
        UUID priorityId = properties.priorityNamed(entry.priority()).map(WorkloadProperties.Priority::id).orElse(null);
        if (categoryId == null) {
            problems.add(new Problem("category", "unknown category '" + entry.category() + "'"));
        }
        if (priorityId == null) {
            problems.add(new Problem("priority", "unknown priority '" + entry.priority() + "'"));
        }
        List<com.fasterxml.jackson.databind.JsonNode> documents = new ArrayList<>();
        for (CatalogVersion version : entry.versions()) {
            documents.add(RiParser.toJsonNode(version.spec()));
        }
        List<CheckedInterface> interfaces = ResourceInterfaceChecks.check(documents, entry.name(), entry.group(), problems);
        if (!problems.isEmpty()) {
            LOG.errorf("Built-in workload type %s is not valid and was not seeded: %s", entry.name(), problems);
            return null;
        }
        return new WorkloadTypeService.NewType(entry.name(), entry.group(), categoryId, priorityId, null, interfaces, true);
    }

    private Uni<Integer> initialSnapshot() {
        AtomicInteger enqueued = new AtomicInteger();
        return lock()
                .flatMap(ignored -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery("select count(*) from registry_state where key = :key", Long.class)
                        .setParameter("key", INITIAL_SNAPSHOT_KEY)
                        .getSingleResult()
                        .flatMap(count -> count > 0
                                ? Uni.createFrom().item(0)
                                : service.enqueueSnapshotInTransaction()
                                        .invoke(enqueued::set)
                                        .flatMap(n -> session.createNativeQuery(
                                                        "insert into registry_state (key, value, updated_at) values (:key, :value, :now)")
                                                .setParameter("key", INITIAL_SNAPSHOT_KEY)
                                                .setParameter("value", Integer.toString(n))
                                                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MICROS))
                                                .executeUpdate())
                                        .map(ignored -> enqueued.get())));
    }

    private static Uni<Long> lock() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(:key)) locked", Long.class)
                .setParameter("key", SEED_LOCK_KEY)
                .getSingleResult());
    }
}
