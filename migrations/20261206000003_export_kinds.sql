-- Exports (issue 11, second part): the audit log is exported too; personal data is masked unless
-- the job was started unmasked (by a holder of sales.data.unmask, audited); a job whose server
-- stopped is taken again by another once its heartbeat is stale; files expire after a week.
alter table export_jobs drop constraint export_jobs_kind_check;
alter table export_jobs add constraint export_jobs_kind_check
    check (kind in ('consumption_records', 'audit_log'));
alter table export_jobs drop constraint export_jobs_status_check;
alter table export_jobs add constraint export_jobs_status_check
    check (status in ('queued', 'running', 'done', 'failed', 'expired'));
alter table export_jobs add column unmasked boolean not null default false;
-- Set at every claim and progress report: a running job whose heartbeat is older than the stale
-- bound belongs to a server that stopped, and another server takes it again.
alter table export_jobs add column heartbeat_at timestamptz;
-- Which claim of the job a worker holds: a worker whose job was taken again finds its updates
-- refused (attempt changed) and stops, so two servers never write one job's files.
alter table export_jobs add column attempt integer not null default 0;
create index export_jobs_running on export_jobs (heartbeat_at) where status = 'running';
create index export_jobs_expiring on export_jobs (finished_at) where status = 'done';
