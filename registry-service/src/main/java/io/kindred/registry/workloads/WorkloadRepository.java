package io.kindred.registry.workloads;

import io.kindred.registry.persistence.WorkloadTypeEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class WorkloadRepository implements PanacheRepositoryBase<WorkloadEntity, UUID> {

    /** The registered type of a kind, with its Resource Interfaces; null when the kind is not registered. */
    Uni<WorkloadTypeEntity> typeNamed(String kind) {
        return WorkloadTypeEntity.<WorkloadTypeEntity>find(
                        "select t from WorkloadTypeEntity t left join fetch t.resourceInterfaces where t.name = ?1", kind)
                .list().map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** The rows of one list page (and one more, which tells that a next page exists). */
    @SuppressWarnings("unchecked")
    Uni<List<WorkloadEntity>> page(WorkloadQuery query) {
        return getSession().flatMap(session -> {
            var select = session.createNativeQuery(query.sql(), WorkloadEntity.class);
            List<Object> parameters = query.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                select.setParameter(i + 1, parameters.get(i));
            }
            return select.getResultList();
        });
    }

    /** A workload not deleted with the same object identity (cluster, namespace, kind, name), or null. */
    Uni<WorkloadEntity> activeNamed(WorkloadEntity workload) {
        return find("clusterId = ?1 and namespace = ?2 and kind = ?3 and name = ?4 and desiredPhase <> 'Deleted'",
                workload.clusterId, workload.namespace, workload.kind, workload.name).firstResult();
    }
}
