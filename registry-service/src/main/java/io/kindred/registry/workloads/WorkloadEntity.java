package io.kindred.registry.workloads;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/**
 * A workload submitted through the Workloads V2 API: what was asked for (the API writes it), how far its cluster got
 * applying it (the workload-sync consumer writes it) and what the status mapper last observed (the workload-status
 * consumer writes it). The phase is a column the database computes from these ({@link #phase}).
 */
@Entity
@Table(name = "workload")
// Only changed columns are written: the Kafka consumers update the sync and state columns with plain SQL meanwhile
@DynamicUpdate
public class WorkloadEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "project_name", nullable = false)
    public String projectName;

    @Column(name = "department_id", nullable = false)
    public String departmentId;

    @Column(name = "department_name", nullable = false)
    public String departmentName;

    @Column(name = "cluster_id", nullable = false)
    public String clusterId;

    @Column(nullable = false)
    public String namespace;

    public String queue;

    /** Kubernetes' group: {@code ""} for the core group. */
    @Column(name = "api_group", nullable = false)
    public String group;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String kind;

    /** As submitted (null = the type's default). */
    public String priority;

    public String category;

    public String preemptibility;

    @Column(name = "effective_priority", nullable = false)
    public String effectivePriority;

    @Column(name = "effective_priority_value", nullable = false)
    public int effectivePriorityValue;

    @Column(name = "effective_category", nullable = false)
    public String effectiveCategory;

    /** Running, Stopped or Deleted (Run:ai's spelling). */
    @Column(name = "desired_phase", nullable = false)
    public String desiredPhase;

    /** The manifest as the client sent it, as JSON text. */
    @Column(name = "raw_manifest", nullable = false)
    public String rawManifest;

    /** The manifest Kindred sends to the cluster (name and namespace set), as JSON text. */
    @Column(name = "workload_manifest", nullable = false)
    public String workloadManifest;

    @Column(name = "requested_pods")
    public Integer requestedPods;

    @Column(name = "requested_min_pods")
    public Integer requestedMinPods;

    /** The RI components whose instances have pods, comma-separated: the status events' scales are summed over them. */
    @Column(name = "pod_components")
    public String podComponents;

    /** Pods the object's pod-bearing components declare in the latest status event (null before one). */
    @Column(name = "reported_pods")
    public Integer reportedPods;

    /** The gangs' minimum in the latest status event (null before one, or when the RI has no gang). */
    @Column(name = "reported_min_pods")
    public Integer reportedMinPods;

    /** The UID of the object a stop removed: its late status events are not this workload's any more. */
    @Column(name = "retired_uid")
    public String retiredUid;

    /**
     * Run:ai's phase, computed by the database (a generated column: the one definition, see V4__workloads_lifecycle.sql)
     * so that lists filter and sort on it in the query. Read-only; only set on entities loaded from the database.
     */
    @Column(insertable = false, updatable = false)
    public String phase;

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

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "deleted_by")
    public String deletedBy;

    /** Run:ai's syncInfo status (Queued, Applying, Synced, Failed, Deleting, Deleted) of the current revision. */
    @Column(name = "sync_status", nullable = false)
    public String syncStatus;

    @Column(name = "sync_message")
    public String syncMessage;

    @Column(name = "sync_updated_at")
    public Instant syncUpdatedAt;

    @Column(name = "object_uid")
    public String objectUid;

    /** The RI's abstract state (INITIALIZING … DELETED), null before the first status event. */
    public String state;

    /** True once any state other than UNDEFINED was observed: an UNDEFINED after that is Unknown, not Pending. */
    @Column(name = "ever_left_undefined", nullable = false)
    public boolean everLeftUndefined;

    @Column(name = "k8s_phase")
    public String k8sPhase;

    /** The object's conditions as a JSON array of {type, status, reason, message}. */
    @Column(name = "conditions_json")
    public String conditionsJson;

    @Column(name = "state_observed_at")
    public Instant stateObservedAt;

    @Column(name = "phase_updated_at")
    public Instant phaseUpdatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Version
    @Column(name = "opt_lock", nullable = false)
    public long optLock;
}
