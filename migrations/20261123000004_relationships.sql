-- Partner–customer relationships: agreements, invitation links, disassociation and authorization
-- requests, knowledge recommendations.

-- Published versions of an agreement. A version never changes once published: what a customer
-- signed is the version's content. `content_html` is rendered from the Markdown and sanitised once.
create table agreement_versions (
    id uuid primary key,
    kind text not null check (kind in ('association_notice')),
    version integer not null check (version > 0),
    title text not null,
    content_md text not null,
    content_html text not null,
    published_at timestamptz not null,
    published_by uuid references operators (id)
);
create unique index agreement_versions_kind_version on agreement_versions (kind, version);

create table agreement_signatures (
    customer_id uuid not null references customers (id),
    agreement_id uuid not null references agreement_versions (id),
    signed_at timestamptz not null,
    source_ip inet,
    primary key (customer_id, agreement_id)
);

-- Invitation links (邀请链接). `uses` only grows, and never past `max_uses`.
create table invitation_links (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    token text not null unique,
    mode text not null check (mode in ('consulting', 'resale')),
    expires_at timestamptz not null,
    max_uses integer check (max_uses > 0),
    uses integer not null default 0 check (uses >= 0 and (max_uses is null or uses <= max_uses)),
    revoked_at timestamptz,
    -- The member who made it: customers joining through it are assigned to that customer manager.
    created_by_member uuid references members (id) on delete set null,
    created_by_name text not null,
    created_at timestamptz not null
);
create index invitation_links_partner on invitation_links (partner_id, created_at desc);

alter table associations add column invitation_id uuid references invitation_links (id);
alter table associations add column ended_by text check (ended_by in ('partner', 'customer'));

-- Disassociation (解除关联): asked by one side, confirmed or declined by the other.
create table disassociation_requests (
    id uuid primary key,
    association_id uuid not null references associations (id),
    customer_id uuid not null references customers (id),
    partner_id uuid not null references partners (id),
    requested_by text not null check (requested_by in ('partner', 'customer')),
    requested_at timestamptz not null,
    status text not null default 'pending'
        check (status in ('pending', 'confirmed', 'declined', 'cancelled')),
    decided_at timestamptz
);
create unique index disassociation_requests_pending
    on disassociation_requests (association_id) where status = 'pending';
create index disassociation_requests_customer
    on disassociation_requests (customer_id, requested_at desc);

-- Authorization requests (授权管理). 'expired' is not stored: a pending request older than 90 days
-- and an approved one past its end date read as expired (see authorizations::rules).
create table authorization_requests (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    customer_id uuid not null references customers (id),
    scopes text[] not null check (cardinality(scopes) > 0),
    ends_at timestamptz not null,
    status text not null default 'pending'
        check (status in ('pending', 'approved', 'rejected', 'revoked')),
    requested_at timestamptz not null,
    requested_by_name text not null,
    decided_at timestamptz,
    revoked_at timestamptz,
    revoke_reason text
);
create index authorization_requests_customer
    on authorization_requests (customer_id, requested_at desc);
create index authorization_requests_partner
    on authorization_requests (partner_id, customer_id, requested_at desc);

-- Knowledge recommendations (知识推荐), managed by the operator.
create table knowledge_items (
    id uuid primary key,
    category text not null check (category in ('product', 'industry_case', 'solution')),
    title text not null,
    summary text not null,
    link text not null,
    created_at timestamptz not null
);

-- Case-insensitive "contains" search on account names stays fast at 100,000 customers.
create extension if not exists pg_trgm;
create index customers_account_name_trgm on customers using gin (lower(account_name) gin_trgm_ops);
