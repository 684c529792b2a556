-- Exports (issue 11): background jobs that write a filtered list to files, with their progress.
-- A job keeps the search it was started with (its reach already checked), so the worker that
-- runs it on any server needs no session. Files live under PC_DATA_DIR/exports/<id>/.
create table export_jobs (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    -- Who started it: only that user lists and downloads it.
    actor_kind text not null,
    actor_id uuid not null,
    kind text not null check (kind in ('consumption_records')),
    format text not null check (format in ('csv', 'xlsx')),
    search text not null,
    status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    rows_total bigint,
    rows_done bigint not null default 0,
    -- Files written (one per 1,048,575 rows: Excel's limit less the header).
    parts integer not null default 0,
    created_at timestamptz not null,
    started_at timestamptz,
    finished_at timestamptz
);
create index export_jobs_queue on export_jobs (created_at) where status = 'queued';
create index export_jobs_owner on export_jobs (actor_id, created_at desc);
