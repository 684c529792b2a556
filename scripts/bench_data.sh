#!/usr/bin/env bash
# Loads the benchmark's large partner into the database at $1: `bench-100k` (password as the
# demo's partners) with 100,000 customers (two in three resale, half enterprise), a customer
# manager `bench.manager` looking after every tenth, associated over the last 70 days.
set -euo pipefail
psql -q "$1" <<'SQL'
insert into partners (id, account_name, display_name, partner_type, password_hash)
select '00000000-0000-4000-8000-000000100000', 'bench-100k', 'Bench 100k', 'solution_provider', password_hash
  from partners where account_name = 'yunfan-tech';
insert into members (id, partner_id, user_name, display_name, password_hash)
values ('00000000-0000-4000-8000-000000100001', '00000000-0000-4000-8000-000000100000',
        'bench.manager', 'Bench manager', 'x');
insert into member_roles (member_id, builtin_role)
values ('00000000-0000-4000-8000-000000100001', 'customer_manager');
insert into customers (id, account_name, display_name, kind, password_hash, registered_at)
select md5('bench-customer' || i)::uuid, 'bench-' || lpad(i::text, 8, '0') || '-' || (i % 97),
       'Bench customer ' || i, case when i % 2 = 0 then 'enterprise' else 'individual' end, 'x',
       now() - (i || ' minutes')::interval - interval '1 day'
  from generate_series(1, 100000) i;
insert into associations (id, customer_id, partner_id, mode, associated_at, manager_member_id,
                          manager_assigned_at, customer_kind, customer_account)
select md5('bench-association' || i)::uuid, md5('bench-customer' || i)::uuid,
       '00000000-0000-4000-8000-000000100000', case when i % 3 = 0 then 'consulting' else 'resale' end,
       now() - (i || ' minutes')::interval,
       case when i % 10 = 0 then '00000000-0000-4000-8000-000000100001'::uuid end,
       case when i % 10 = 0 then now() - (i || ' minutes')::interval end,
       case when i % 2 = 0 then 'enterprise' else 'individual' end,
       'bench-' || lpad(i::text, 8, '0') || '-' || (i % 97)
  from generate_series(1, 100000) i;
analyze customers; analyze associations;
SQL
