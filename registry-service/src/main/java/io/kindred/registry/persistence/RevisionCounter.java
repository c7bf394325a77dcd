package io.kindred.registry.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands out the next event revision of a type name, inside the caller's transaction. The upsert locks the name's
 * row until commit: every writer of one name calls this first, so writers of a name are serialised and their
 * outbox rows are inserted (and numbered) in commit order.
 */
@ApplicationScoped
public class RevisionCounter {

    public Uni<Long> next(String typeName) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into workload_type_revision (name, revision) values (:name, 1) "
                                + "on conflict (name) do update set revision = workload_type_revision.revision + 1")
                .setParameter("name", typeName)
                .executeUpdate()
                .flatMap(ignored -> session.createNativeQuery(
                                "select revision from workload_type_revision where name = :name", Long.class)
                        .setParameter("name", typeName)
                        .getSingleResult()));
    }

    /** Locks every name's revision row, so a snapshot reads states no writer is about to supersede. */
    public Uni<Void> lockAll() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) from (select name from workload_type_revision order by name for update) locked", Long.class)
                .getSingleResult())
                .replaceWithVoid();
    }
}
