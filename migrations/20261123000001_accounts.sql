-- Accounts of the four kinds of user, and the partner–customer association.
-- Names are unique case-insensitively (lower()), kept as typed for display.

create table operators (
    id uuid primary key,
    account_name text not null,
    display_name text not null,
    password_hash text not null,
    created_at timestamptz not null default now()
);
create unique index operators_account_name on operators (lower(account_name));

-- A partner is its main account. A tier-2 reseller belongs to exactly one tier-1 distributor.
create table partners (
    id uuid primary key,
    account_name text not null,
    display_name text not null,
    partner_type text not null
        check (partner_type in ('solution_provider', 'distributor', 'reseller')),
    distributor_id uuid references partners (id),
    password_hash text not null,
    status text not null default 'active' check (status in ('active', 'disabled')),
    created_at timestamptz not null default now(),
    check ((partner_type = 'reseller') = (distributor_id is not null))
);
create unique index partners_account_name on partners (lower(account_name));
create index partners_distributor on partners (distributor_id) where distributor_id is not null;

-- Custom roles: sets of permission items named by the partner. Built-in roles live in code.
create table custom_roles (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    name text not null,
    created_at timestamptz not null default now()
);
create unique index custom_roles_name on custom_roles (partner_id, lower(name));

create table custom_role_permissions (
    role_id uuid not null references custom_roles (id) on delete cascade,
    permission text not null,
    primary key (role_id, permission)
);

-- Organisation members (IAM users) sign in with partner account name + user name + password.
create table members (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    user_name text not null,
    display_name text not null,
    password_hash text not null,
    status text not null default 'active' check (status in ('active', 'disabled')),
    created_at timestamptz not null default now()
);
create unique index members_user_name on members (partner_id, lower(user_name));

-- Each role a member holds: built-in (by key) or custom (by id). 1 to 3 per member, checked in code.
create table member_roles (
    member_id uuid not null references members (id) on delete cascade,
    builtin_role text check (builtin_role in ('admin', 'customer_manager',
        'customer_manager_supervisor', 'finance', 'coupon_operator', 'read_only')),
    custom_role_id uuid references custom_roles (id),
    check ((builtin_role is null) <> (custom_role_id is null))
);
create unique index member_roles_unique
    on member_roles (member_id, coalesce(builtin_role, custom_role_id::text));
create index member_roles_custom on member_roles (custom_role_id) where custom_role_id is not null;

create table customers (
    id uuid primary key,
    account_name text not null,
    display_name text not null,
    kind text not null check (kind in ('individual', 'enterprise')),
    password_hash text not null,
    registered_at timestamptz not null default now()
);
create unique index customers_account_name on customers (lower(account_name));

-- A customer has at most one partner at a time; ended associations stay as history.
create table associations (
    id uuid primary key,
    customer_id uuid not null references customers (id),
    partner_id uuid not null references partners (id),
    mode text not null check (mode in ('consulting', 'resale')),
    associated_at timestamptz not null default now(),
    ended_at timestamptz,
    manager_member_id uuid references members (id) on delete set null,
    manager_assigned_at timestamptz
);
create unique index associations_current on associations (customer_id) where ended_at is null;
create index associations_partner on associations (partner_id, associated_at desc)
    where ended_at is null;
create index associations_manager on associations (manager_member_id)
    where manager_member_id is not null;
