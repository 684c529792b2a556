-- Foundation, second pass (issue 9).

-- Throttling counts attempts now (sign-ins while they are checked, and registrations), not only
-- failures; the table keeps its shape under a name that says so.
alter table sign_in_failures rename to throttle_events;
alter index sign_in_failures_key_at rename to throttle_events_key_at;

-- What the customer list filters and sorts on, kept on the association itself so that a partner
-- with 100,000 customers is filtered, sorted, counted and paged from one index without a join.
-- A customer's kind and account name never change once registered.
alter table associations add column customer_kind text, add column customer_account text;
update associations a
   set customer_kind = c.kind, customer_account = lower(c.account_name)
  from customers c
 where c.id = a.customer_id;
alter table associations
    alter column customer_kind set not null,
    alter column customer_account set not null,
    add constraint associations_customer_kind check (customer_kind in ('individual', 'enterprise'));

-- Paged by (associated_at, customer_id), newest first by scanning backwards; the included columns
-- let counts and filters on mode, kind and manager read the index alone. An equality filter on
-- kind, mode or manager narrows the scan to its own index.
drop index associations_partner;
create index associations_partner on associations (partner_id, associated_at, customer_id)
    include (mode, customer_kind, manager_member_id) where ended_at is null;
create index associations_partner_kind on associations
    (partner_id, customer_kind, associated_at, customer_id)
    include (mode, manager_member_id) where ended_at is null;
create index associations_partner_mode on associations
    (partner_id, mode, associated_at, customer_id)
    include (customer_kind, manager_member_id) where ended_at is null;
create index associations_partner_manager on associations
    (partner_id, manager_member_id, associated_at, customer_id)
    include (mode, customer_kind) where ended_at is null;
-- By account name, paged by (customer_account, customer_id).
create index associations_partner_account on associations
    (partner_id, customer_account, customer_id)
    include (associated_at, mode, customer_kind, manager_member_id) where ended_at is null;
-- "Contains" search on account names within one partner.
create extension if not exists btree_gin;
create index associations_partner_account_trgm on associations
    using gin (partner_id, customer_account gin_trgm_ops) where ended_at is null;
