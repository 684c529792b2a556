-- Money (issue 10): partner and customer accounts with every movement recorded, coupon quotas,
-- coupons, and the tokens that make a retried write apply once. Amounts are NUMERIC(20,2) (元).
--
-- Balances change only together with their records, in one transaction, under a row lock on the
-- account or quota. The checks below are the last guard: no balance can go below zero whatever
-- the code does.

-- The partner's account (伙伴账户), made on its first movement.
create table partner_accounts (
    partner_id uuid primary key references partners (id),
    balance numeric(20,2) not null default 0 check (balance >= 0),
    updated_at timestamptz not null
);

-- A customer's account: cash balance, the credit line the operator grants, and debt (欠款):
-- what it spent beyond its balance. Made on its first movement.
create table customer_accounts (
    customer_id uuid primary key references customers (id),
    balance numeric(20,2) not null default 0 check (balance >= 0),
    credit_limit numeric(20,2) not null default 0 check (credit_limit >= 0),
    debt numeric(20,2) not null default 0 check (debt >= 0),
    updated_at timestamptz not null
);

-- One movement of money, named by its trans_id (交易流水号):
--   top_up             operator → partner
--   allocate           partner → customer (拨款, SOURCE_OPERATION_BEADJUST)
--   reclaim            customer → partner (回收, SOURCE_OPERATION_BERETRIEVE)
--   unbind_return      customer → partner on disassociation (SOURCE_OPERATION_BEUNBIND)
--   reseller_allocate  distributor → tier-2 reseller
--   reseller_reclaim   tier-2 reseller → distributor
--   charge             a customer's spend (consumption), from balance and then as debt
create table fund_transfers (
    trans_id text primary key,
    kind text not null check (kind in ('top_up', 'allocate', 'reclaim', 'unbind_return',
        'reseller_allocate', 'reseller_reclaim', 'charge')),
    -- The partner on the partner side (the distributor for reseller movements).
    partner_id uuid references partners (id),
    customer_id uuid references customers (id),
    reseller_id uuid references partners (id),
    amount numeric(20,2) not null check (amount > 0),
    remark text not null default '',
    actor_kind text not null,
    actor_id uuid,
    actor_name text not null,
    at timestamptz not null
);
create index fund_transfers_partner on fund_transfers (partner_id, at desc, trans_id)
    where partner_id is not null;
create index fund_transfers_reseller on fund_transfers (reseller_id, at desc, trans_id)
    where reseller_id is not null;
create index fund_transfers_customer on fund_transfers (customer_id, at desc, trans_id)
    where customer_id is not null;

-- What a movement did to each account it touched (收支明细): exactly one of partner or
-- customer. A customer entry may move debt as well as balance (an allocation settles debt
-- first; a charge beyond the balance becomes debt).
create table account_entries (
    id bigserial primary key,
    trans_id text not null references fund_transfers (trans_id),
    partner_id uuid references partners (id),
    customer_id uuid references customers (id),
    balance_change numeric(20,2) not null,
    balance_after numeric(20,2) not null check (balance_after >= 0),
    debt_change numeric(20,2) not null default 0,
    debt_after numeric(20,2) not null default 0 check (debt_after >= 0),
    at timestamptz not null,
    check ((partner_id is null) <> (customer_id is null)),
    check (partner_id is null or (debt_change = 0 and debt_after = 0))
);
create index account_entries_partner on account_entries (partner_id, at desc, id desc)
    where partner_id is not null;
create index account_entries_customer on account_entries (customer_id, at desc, id desc)
    where customer_id is not null;

-- Coupon quotas (代金券额度 / 现金券额度): granted by the operator, or by a tier-1 distributor from
-- one of its own quotas (parent_id) to a tier-2 reseller. Expiry is read from valid_until;
-- 'reclaimed' marks a reseller's quota its distributor took back.
create table coupon_quotas (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    kind text not null check (kind in ('voucher', 'cash')),
    parent_id uuid references coupon_quotas (id),
    amount numeric(20,2) not null check (amount > 0),
    balance numeric(20,2) not null check (balance >= 0),
    status text not null default 'normal' check (status in ('normal', 'reclaimed')),
    valid_from timestamptz not null,
    valid_until timestamptz not null,
    service_types text[] not null default '{}' check (cardinality(service_types) <= 10),
    products text[] not null default '{}' check (cardinality(products) <= 10),
    min_order_amount numeric(20,2) check (min_order_amount > 0),
    selected_only boolean not null default false,
    remark text not null default '',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (valid_from < valid_until)
);
create index coupon_quotas_partner on coupon_quotas (partner_id, created_at desc);
create index coupon_quotas_parent on coupon_quotas (parent_id) where parent_id is not null;

-- Every change of a quota's balance, signed by its kind:
--   grant (+, the quota's first record), issue (−), recall (+), expiry_return (+),
--   reseller_grant (− on the distributor's quota), reseller_reclaim (+ on it),
--   reclaimed (− on the reseller's quota).
-- So for every quota: balance = Σ signed amounts.
create table quota_records (
    id bigserial primary key,
    quota_id uuid not null references coupon_quotas (id),
    partner_id uuid not null references partners (id),
    kind text not null check (kind in ('grant', 'issue', 'recall', 'expiry_return',
        'reseller_grant', 'reseller_reclaim', 'reclaimed')),
    amount numeric(20,2) not null check (amount > 0),
    balance_after numeric(20,2) not null check (balance_after >= 0),
    coupon_id uuid,
    customer_id uuid references customers (id),
    -- For reseller grants and reclaims: the other quota, and the reseller.
    other_quota_id uuid references coupon_quotas (id),
    reseller_id uuid references partners (id),
    remark text not null default '',
    actor_name text not null,
    at timestamptz not null
);
create index quota_records_quota on quota_records (quota_id, at desc, id desc);
create index quota_records_partner on quota_records (partner_id, at desc, id desc);

-- Coupons (优惠券) issued to customers from a quota: vouchers (one per order, balance kept
-- until expiry) and cash coupons (several stack). Status: usable, used (balance spent),
-- expired, recalled. The remark is the issuer's and never shown to the customer.
create table coupons (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    quota_id uuid not null references coupon_quotas (id),
    customer_id uuid not null references customers (id),
    kind text not null check (kind in ('voucher', 'cash')),
    face_value numeric(20,2) not null check (face_value > 0),
    balance numeric(20,2) not null check (balance >= 0 and balance <= face_value),
    status text not null check (status in ('usable', 'used', 'expired', 'recalled')),
    valid_from timestamptz not null,
    valid_until timestamptz not null,
    service_types text[] not null default '{}' check (cardinality(service_types) <= 10),
    products text[] not null default '{}' check (cardinality(products) <= 10),
    min_order_amount numeric(20,2),
    selected_only boolean not null default false,
    remark text not null default '',
    issued_at timestamptz not null,
    issued_by text not null,
    last_used_at timestamptz,
    ended_at timestamptz,
    check (valid_from < valid_until),
    check ((status = 'usable') = (ended_at is null))
);
create index coupons_partner on coupons (partner_id, issued_at desc, id);
create index coupons_customer on coupons (customer_id, issued_at desc);
create index coupons_quota on coupons (quota_id);
-- The expiry job walks usable coupons by end time.
create index coupons_expiring on coupons (valid_until) where status = 'usable';

-- Coupon operation records (操作记录): issues, recalls (by hand, on disassociation) and
-- expiries, successful or not (a refused issue is recorded with its reason).
create table coupon_records (
    id bigserial primary key,
    partner_id uuid not null references partners (id),
    quota_id uuid not null references coupon_quotas (id),
    quota_kind text not null check (quota_kind in ('voucher', 'cash')),
    coupon_id uuid references coupons (id),
    customer_id uuid,
    operation text not null check (operation in ('issue', 'recall', 'unbind_recall', 'expiry')),
    amount numeric(20,2) not null check (amount >= 0),
    success boolean not null,
    reason text not null default '',
    remark text not null default '',
    actor_name text not null,
    at timestamptz not null
);
create index coupon_records_partner on coupon_records (partner_id, at desc, id desc);
create index coupon_records_coupon on coupon_records (coupon_id) where coupon_id is not null;

-- What a customer spent from a coupon (its usage history).
create table coupon_uses (
    id bigserial primary key,
    coupon_id uuid not null references coupons (id),
    amount numeric(20,2) not null check (amount > 0),
    balance_after numeric(20,2) not null check (balance_after >= 0),
    reference text not null,
    at timestamptz not null
);
create index coupon_uses_coupon on coupon_uses (coupon_id, at);

-- A write's X-Client-Token (or a form's one-time token): the first result is kept with the
-- change, in its transaction, so that a retry carrying the same token is applied once and
-- answered as the first time. Tokens belong to the user that sent them.
create table client_tokens (
    actor_id uuid not null,
    token text not null,
    operation text not null,
    fingerprint text not null,
    result jsonb not null,
    at timestamptz not null,
    primary key (actor_id, token)
);
create index client_tokens_at on client_tokens (at);
-- Background jobs (coupon expiry) act as the system; their audit records say so.
alter table audit_log drop constraint audit_log_actor_kind_check;
alter table audit_log add constraint audit_log_actor_kind_check
    check (actor_kind in ('operator', 'partner_main', 'member', 'customer', 'system'));

-- The result of a batch (funds to up to 100 customers, coupons to up to 100 customers, quota to
-- up to 100 resellers): each line's outcome, kept so that its page shows it after the form posts,
-- with or without JavaScript. Shown to the user who ran it only (it may name customers outside
-- another member's scope).
create table operation_batches (
    id uuid primary key,
    partner_id uuid not null references partners (id),
    kind text not null check (kind in ('funds', 'coupons', 'quotas')),
    actor_id uuid not null,
    result jsonb not null,
    at timestamptz not null
);
create index operation_batches_partner on operation_batches (partner_id, at desc);
