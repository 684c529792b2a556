-- The version of the consumption data: every load that adds records bumps it in its own
-- transaction, as its last statement before committing, and stamps when ("data as of"). The row
-- lock orders the bumps as the commits, so a summary computed while the version was v is exact
-- for as long as the version is v: each server caches the partner-wide summaries under it
-- (consumption::figures), every server reads it on every request.
create table consumption_version (
    one boolean primary key default true check (one),
    version bigint not null,
    as_of timestamptz
);
insert into consumption_version (version, as_of)
select count(*), max(loaded_at) from consumption_loads where rows_added > 0;

-- The records page: the newest first, a page at a time, straight from an index.
create index consumption_records_newest
    on consumption_records (partner_id, cycle, trade_time desc, record_id);
