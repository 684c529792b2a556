-- Access keys (AK/SK) for the Huawei-compatible API. The secret is sealed with the server key
-- (AES-256-GCM, nonce first); a key belongs to a partner's main account (member_id null) or to one
-- of its members, and acts with exactly that user's permissions.
create table access_keys (
    id uuid primary key,
    access_key text not null unique,
    secret_sealed bytea not null,
    partner_id uuid not null references partners (id),
    member_id uuid references members (id) on delete cascade,
    description text not null default '',
    status text not null default 'active' check (status in ('active', 'disabled')),
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    last_used_ip inet
);
create index access_keys_owner on access_keys (partner_id, member_id);
