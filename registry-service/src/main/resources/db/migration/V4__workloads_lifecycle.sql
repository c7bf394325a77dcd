-- Workloads V2: stop/resume, pod counts from the status events, phase in the database, early status events.

-- The components whose instances have pods (the RI's leaves), comma-separated: a status event's component scales are
-- summed over these to count the object's pods as it reports them now.
alter table workload add column pod_components text;
-- From the latest status event: the pods its pod-bearing components declare, and its gangs' minimum.
alter table workload add column reported_pods integer;
alter table workload add column reported_min_pods integer;
-- The UID of the object a stop removed: its late status events (DELETED) must not attach to the resumed object.
alter table workload add column retired_uid text;

-- Run:ai's phase, computed by the database from the columns the API and the two consumers write, so that filterBy
-- and sortBy on phase run in the query. The one definition of the phase (WorkloadEntity.phase reads it):
--   desired Deleted: Deleting; desired Stopped: Failed if the stop failed, Stopped once synced, Stopping before;
--   sync Failed: Failed; no state yet: Creating; the RI's abstract state by name; UNDEFINED: Pending until the
--   workload ever left it, Unknown after; DELETED (removed behind Kindred's back) and anything else: Unknown.
alter table workload add column phase text generated always as (
    case
        when desired_phase = 'Deleted' then 'Deleting'
        when desired_phase = 'Stopped' then
            case when sync_status = 'Failed' then 'Failed'
                 when sync_status in ('Synced', 'Deleted') then 'Stopped'
                 else 'Stopping' end
        when sync_status = 'Failed' then 'Failed'
        when state is null then 'Creating'
        when state = 'INITIALIZING' then 'Initializing'
        when state = 'RUNNING' then 'Running'
        when state = 'DEGRADED' then 'Degraded'
        when state = 'COMPLETED' then 'Completed'
        when state = 'FAILED' then 'Failed'
        when state = 'UNDEFINED' then case when ever_left_undefined then 'Unknown' else 'Pending' end
        else 'Unknown'
    end) stored;

create index workload_listing on workload (desired_phase, created_at);

-- A status event for an object whose UID the registry does not know yet (its workload-sync result is not read yet,
-- or the object was re-created): kept here, one row per object (the latest observed), and applied when a sync
-- result names the UID. Only events for the identity of a live Workloads V2 workload are kept.
create table workload_status_pending (
    cluster_id     text not null,
    object_uid     text not null,
    kind           text not null,
    api_group      text not null,
    namespace      text not null,
    name           text not null,
    state          text not null,
    k8s_phase      text,
    conditions_json text,
    -- the event's component scales (JSON: [{component, replicas, minReplicas}]) and its gangs' minimum
    components_json text not null,
    reported_min_pods integer,
    observed_at    timestamptz not null,
    received_at    timestamptz not null,
    primary key (cluster_id, object_uid)
);
create index workload_status_pending_received on workload_status_pending (received_at);
