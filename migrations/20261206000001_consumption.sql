-- Consumption (issue 11): sub-customers' fee records (Huawei's res-fee-records), one row per
-- record, partitioned by billing month, with per-partner sums kept in the load's own statement.
--
-- A record's billing cycle is the Beijing (UTC+8) month of its trade time. The partner, the
-- association and its mode are those of the customer's association at the trade time, stamped
-- when the record is loaded: a period's spend stays the partner's after the customer leaves.

create table consumption_records (
    cycle date not null check (extract(day from cycle) = 1),
    record_id text not null check (length(record_id) between 1 and 64),
    customer_id uuid not null references customers (id),
    -- Null when the customer had no partner at the trade time: its own, no partner's.
    partner_id uuid references partners (id),
    association_id uuid references associations (id),
    association_mode text check (association_mode in ('consulting', 'resale')),
    service_type text not null,
    resource_type text not null,
    resource_id text not null,
    region text not null,
    -- 1 yearly/monthly, 3 pay-per-use, 10 reserved instance, 11 savings plan (Huawei's codes).
    charge_mode smallint not null check (charge_mode in (1, 3, 10, 11)),
    usage numeric(24,6) not null check (usage >= 0),
    usage_unit text not null,
    -- 元, exact to the cent: list price less discount is paid by coupons, cash and debt.
    list_amount numeric(20,2) not null check (list_amount >= 0),
    discount_amount numeric(20,2) not null check (discount_amount >= 0),
    coupon_amount numeric(20,2) not null check (coupon_amount >= 0),
    cash_amount numeric(20,2) not null check (cash_amount >= 0),
    debt_amount numeric(20,2) not null check (debt_amount >= 0),
    trade_time timestamptz not null,
    load_id uuid not null,
    check (list_amount - discount_amount = coupon_amount + cash_amount + debt_amount),
    primary key (cycle, record_id)
) partition by range (cycle);

-- Every record id ever loaded, whatever its month: a load is idempotent by record id alone
-- (the records' own key holds the month, as partitioning requires).
create table consumption_record_ids (
    record_id text primary key,
    cycle date not null
);

-- The association at a trade time, for stamping records at load (the other indexes on
-- associations cover current ones only).
create index associations_customer_history on associations (customer_id, associated_at desc);

create index consumption_records_partner
    on consumption_records (partner_id, cycle, customer_id) where partner_id is not null;
create index consumption_records_customer on consumption_records (customer_id, cycle);
create index consumption_records_association on consumption_records (association_id, trade_time);

-- Months are attached as partitions when a load first needs them (consumption::store); these
-- cover the demo's and tests' months from the start.
do $$
declare m date := date '2025-01-01';
begin
    while m < date '2028-01-01' loop
        execute format(
            'create table %I partition of consumption_records for values from (%L) to (%L)',
            'consumption_records_' || to_char(m, 'YYYY_MM'), m, (m + interval '1 month')::date);
        m := (m + interval '1 month')::date;
    end loop;
end $$;

-- The sums every summary reads: one row per partner, cycle, customer, service type, billing
-- mode and association mode, added to by the statement that inserts the records.
create table consumption_sums (
    partner_id uuid not null references partners (id),
    cycle date not null,
    customer_id uuid not null references customers (id),
    service_type text not null,
    charge_mode smallint not null,
    association_mode text not null,
    records bigint not null,
    list_amount numeric(20,2) not null,
    discount_amount numeric(20,2) not null,
    coupon_amount numeric(20,2) not null,
    cash_amount numeric(20,2) not null,
    debt_amount numeric(20,2) not null,
    primary key (partner_id, cycle, customer_id, service_type, charge_mode, association_mode)
);
create index consumption_sums_customer on consumption_sums (customer_id, cycle);

-- One load (an import or a generated batch), with what it held and added; a refused import
-- keeps its problems (line, field, message) for the page that reports them.
create table consumption_loads (
    id uuid primary key,
    source text not null check (source in ('import', 'api', 'generated')),
    file_name text,
    loaded_by text not null,
    rows_total integer not null,
    rows_added integer not null,
    problems text not null default '[]',
    loaded_at timestamptz not null
);
create index consumption_loads_recent on consumption_loads (loaded_at desc);

-- Every month records were loaded into. A load holds its months' rows (FOR SHARE) until it
-- commits; closing a month (bills::job, at 00:00 Beijing time on the 5th of the next month)
-- updates the row, so it waits for loads under way, and a load after it finds the month closed.
-- Several servers close a month exactly once: the update of an open row happens once.
create table consumption_months (
    cycle date primary key check (extract(day from cycle) = 1),
    closed_at timestamptz
);

-- The partner bill (伙伴账单) of a closed month: its lines by customer, service type and billing
-- mode, copied from the sums when the month closed, never changed afterwards.
create table partner_bill_lines (
    partner_id uuid not null references partners (id),
    cycle date not null references consumption_months (cycle),
    customer_id uuid not null references customers (id),
    service_type text not null,
    charge_mode smallint not null,
    association_mode text not null,
    records bigint not null,
    list_amount numeric(20,2) not null,
    discount_amount numeric(20,2) not null,
    coupon_amount numeric(20,2) not null,
    cash_amount numeric(20,2) not null,
    debt_amount numeric(20,2) not null,
    primary key (partner_id, cycle, customer_id, service_type, charge_mode, association_mode)
);
create function partner_bill_lines_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'partner bills are immutable';
end $$;
create trigger partner_bill_lines_no_update_delete
    before update or delete on partner_bill_lines
    for each row execute function partner_bill_lines_refuse_change();
create trigger partner_bill_lines_no_truncate
    before truncate on partner_bill_lines
    for each statement execute function partner_bill_lines_refuse_change();
