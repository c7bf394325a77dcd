-- Workloads V2: one row per submitted workload (its desired state, its sync result, its latest observed state).
-- revision is the desired state's revision, published with every WorkloadSubmissionEvent; opt_lock is JPA's @Version.
create table workload (
    id                       uuid primary key,
    name                     text not null,
    project_id               text not null,
    project_name             text not null,
    department_id            text not null,
    department_name          text not null,
    cluster_id               text not null,
    namespace                text not null,
    queue                    text,
    api_group                text not null,
    version                  text not null,
    kind                     text not null,
    priority                 text,
    category                 text,
    preemptibility           text,
    effective_priority       text not null,
    effective_priority_value integer not null,
    effective_category       text not null,
    desired_phase            text not null check (desired_phase in ('Running', 'Stopped', 'Deleted')),
    raw_manifest             text not null,
    workload_manifest        text not null,
    requested_pods           integer,
    requested_min_pods       integer,
    revision                 bigint not null,
    created_at               timestamptz not null,
    created_by               text not null,
    updated_at               timestamptz not null,
    updated_by               text not null,
    deleted_at               timestamptz,
    deleted_by               text,
    -- written by the workload-sync consumer: the result of the current revision only
    sync_status              text not null,
    sync_message             text,
    sync_updated_at          timestamptz,
    object_uid               text,
    -- written by the workload-status consumer: the latest state the status mapper observed
    state                    text,
    ever_left_undefined      boolean not null default false,
    k8s_phase                text,
    conditions_json          text,
    state_observed_at        timestamptz,
    phase_updated_at         timestamptz,
    completed_at             timestamptz,
    opt_lock                 bigint not null
);

-- A status event names its object by cluster, kind and namespace/name: this finds the workload it belongs to.
create index workload_object on workload (cluster_id, kind, namespace, name);
create index workload_created on workload (created_at);

-- The outbox now carries two streams: 'workload-types' (type_id/type_name = the type) and 'workloads'
-- (type_id = the workload id, type_name = its key: the workload id as text). The relay picks topic and record by it.
alter table outbox_event add column stream text not null default 'workload-types';
