-- A CSV import runs in the background (issue 11): its load is recorded as running when the file
-- arrives, reports how many records it has loaded, and is finished (done or failed) in the
-- load's own transaction. A running load whose heartbeat is older than five minutes belongs to
-- a server that stopped: nothing of it was loaded (whole or nothing), the page says so.
alter table consumption_loads add column status text not null default 'done'
    check (status in ('running', 'done', 'failed'));
alter table consumption_loads add column rows_done integer not null default 0;
alter table consumption_loads add column heartbeat_at timestamptz;
