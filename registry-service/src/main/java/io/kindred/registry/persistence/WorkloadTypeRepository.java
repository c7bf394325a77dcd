package io.kindred.registry.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class WorkloadTypeRepository implements PanacheRepositoryBase<WorkloadTypeEntity, UUID> {

    /** Every type with its Resource Interfaces in one query, by name. */
    public Uni<List<WorkloadTypeEntity>> listWithInterfaces() {
        return find("select distinct t from WorkloadTypeEntity t left join fetch t.resourceInterfaces order by t.name").list();
    }

    public Uni<WorkloadTypeEntity> findWithInterfaces(UUID id) {
        // list(), not firstResult(): a row limit with a collection fetch would be applied in memory, with a warning
        return find("select t from WorkloadTypeEntity t left join fetch t.resourceInterfaces where t.id = ?1", id).list()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    /**
     * Deletes the type if nobody changed it since it was read (its Resource Interfaces go with it: ON DELETE CASCADE),
     * else fails with an {@link OptimisticLockException}. A conditional bulk delete rather than
     * {@code session.remove}: Hibernate Reactive's entity delete path can run a flush step on another event-loop
     * thread under concurrent deletes (hibernate-reactive#1713, quarkus#41945), which this avoids. The entity read
     * earlier must not be modified afterwards, or the flush would try to update the deleted row.
     */
    public Uni<Void> deleteIfUnchanged(WorkloadTypeEntity type) {
        return delete("id = ?1 and optLock = ?2", type.id, type.optLock).flatMap(deleted -> deleted == 1
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new OptimisticLockException("workload type " + type.id + " changed or vanished")));
    }

    public Uni<Boolean> existsByName(String name) {
        return count("name", name).map(count -> count > 0);
    }
}
