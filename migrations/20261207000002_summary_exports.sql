-- The consumption summary (by customer, product or month) is exported too.
alter table export_jobs drop constraint export_jobs_kind_check;
alter table export_jobs add constraint export_jobs_kind_check
    check (kind in ('consumption_records', 'consumption_summary', 'audit_log'));
