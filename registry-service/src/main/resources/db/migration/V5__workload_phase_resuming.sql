-- Run:ai's phase enum has Resuming: a resumed workload whose new object has not reported yet is Resuming, not
-- Creating (a resume retires the stopped object's UID and clears its state). Otherwise the phase is V4's.
alter table workload drop column phase;
alter table workload add column phase text generated always as (
    case
        when desired_phase = 'Deleted' then 'Deleting'
        when desired_phase = 'Stopped' then
            case when sync_status = 'Failed' then 'Failed'
                 when sync_status in ('Synced', 'Deleted') then 'Stopped'
                 else 'Stopping' end
        when sync_status = 'Failed' then 'Failed'
        when state is null and retired_uid is not null then 'Resuming'
        when state is null then 'Creating'
        when state = 'INITIALIZING' then 'Initializing'
        when state = 'RUNNING' then 'Running'
        when state = 'DEGRADED' then 'Degraded'
        when state = 'COMPLETED' then 'Completed'
        when state = 'FAILED' then 'Failed'
        when state = 'UNDEFINED' then case when ever_left_undefined then 'Unknown' else 'Pending' end
        else 'Unknown'
    end) stored;
