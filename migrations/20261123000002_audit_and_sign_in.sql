-- The audit log: one row per state change, written in the change's own transaction.
create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    partner_id uuid,
    actor_kind text not null check (actor_kind in ('operator', 'partner_main', 'member', 'customer')),
    actor_id uuid,
    actor_name text not null,
    action text not null,
    target text not null default '',
    outcome text not null check (outcome in ('success', 'failure')),
    source_ip inet,
    customer_id uuid
);
create index audit_log_partner_at on audit_log (partner_id, at desc, id desc);
create index audit_log_customer_at on audit_log (customer_id, at desc) where customer_id is not null;

-- Records are append-only: the database itself refuses to change or remove them.
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit records are append-only (% refused)', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_no_update_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_refuse_change();

-- Failed sign-ins, by account ("account:<kind>:<name>") and by source ("address:<ip>"), for
-- throttling. Rows older than the throttling window are deleted as they are passed over.
create table sign_in_failures (
    id bigint generated always as identity primary key,
    key text not null,
    at timestamptz not null default now()
);
create index sign_in_failures_key_at on sign_in_failures (key, at);
