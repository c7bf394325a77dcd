package io.kindred.registry.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A registered workload type: one Kubernetes Kind, its default category, priority and preemptibility, and one
 * Resource Interface per supported CRD version. {@link #optLock} makes concurrent updates fail instead of
 * silently overwriting each other.
 */
@Entity
@Table(name = "workload_type")
public class WorkloadTypeEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "api_group", nullable = false)
    public String group;

    @Column(name = "category_id", nullable = false)
    public UUID categoryId;

    @Column(name = "priority_id", nullable = false)
    public UUID priorityId;

    /** Explicit preemptibility, null = derived from the priority (Run:ai's rule). */
    public String preemptibility;

    /** Shipped in Kindred's built-in catalog (Run:ai's "internal" source), as opposed to registered by an administrator. */
    @Column(nullable = false)
    public boolean builtin;

    /** Revision of the last event published for this type (see workload_type_revision). */
    @Column(nullable = false)
    public long revision;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Version
    @Column(name = "opt_lock", nullable = false)
    public Long optLock;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "workload_type_ri", joinColumns = @JoinColumn(name = "type_id"))
    @OrderBy("position")
    public List<ResourceInterfaceVersion> resourceInterfaces = new ArrayList<>();
}
