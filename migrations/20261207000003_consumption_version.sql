-- The version of the consumption data: every load that adds records bumps it in its own
-- transaction, and stamps when ("data as of"). The bump is a trigger on the load's record, which
-- a load writes as one of its last statements: every server, of this version or an older one,
-- moves it, and the row's lock orders the bumps as the commits. A summary computed while the
-- version was v is exact for as long as the version is v: each server caches the partner-wide
-- summaries under it (consumption::figures), and reads it on every request.
create table consumption_version (
    one boolean primary key default true check (one),
    version bigint not null,
    as_of timestamptz
);
insert into consumption_version (version, as_of)
select count(*), max(loaded_at) from consumption_loads where rows_added > 0;

create function consumption_version_bump() returns trigger language plpgsql as $$
begin
    update consumption_version set version = version + 1, as_of = greatest(as_of, new.loaded_at);
    return null;
end
$$;
create trigger consumption_loads_bump_version
    after insert or update on consumption_loads
    for each row when (new.rows_added > 0) execute function consumption_version_bump();

-- The records page: the newest first, a page at a time, straight from an index. On an existing
-- large installation this build holds loads back while it runs: see docs/decisions.md.
create index if not exists consumption_records_newest
    on consumption_records (partner_id, cycle, trade_time desc, record_id);
