-- Rollups of the sums, for the summaries and the dashboard that need no finer grain: a month of
-- a partner with 5,000 customers is about 75,000 rows of sums, 5,000 rows of the rollup per
-- customer and a few hundred of the one per product. A load adds to them once, at its end, in its own transaction (in
-- key order, so two loads wait for each other instead of deadlocking). They are derived from
-- the sums, whose rows carry the references, so they carry none of their own.
create table consumption_customer_months (
    partner_id uuid not null,
    cycle date not null,
    customer_id uuid not null,
    association_mode text not null,
    records bigint not null,
    list_amount numeric(20,2) not null,
    discount_amount numeric(20,2) not null,
    coupon_amount numeric(20,2) not null,
    cash_amount numeric(20,2) not null,
    debt_amount numeric(20,2) not null,
    primary key (partner_id, cycle, customer_id, association_mode)
);

create table consumption_product_months (
    partner_id uuid not null,
    cycle date not null,
    service_type text not null,
    charge_mode smallint not null,
    association_mode text not null,
    records bigint not null,
    list_amount numeric(20,2) not null,
    discount_amount numeric(20,2) not null,
    coupon_amount numeric(20,2) not null,
    cash_amount numeric(20,2) not null,
    debt_amount numeric(20,2) not null,
    primary key (partner_id, cycle, service_type, charge_mode, association_mode)
);

-- The rollups start from the sums as they are: a load under way finishes first.
lock table consumption_sums in share mode;

insert into consumption_customer_months
select partner_id, cycle, customer_id, association_mode, sum(records), sum(list_amount),
       sum(discount_amount), sum(coupon_amount), sum(cash_amount), sum(debt_amount)
  from consumption_sums
 group by partner_id, cycle, customer_id, association_mode;

insert into consumption_product_months
select partner_id, cycle, service_type, charge_mode, association_mode, sum(records),
       sum(list_amount), sum(discount_amount), sum(coupon_amount), sum(cash_amount),
       sum(debt_amount)
  from consumption_sums
 group by partner_id, cycle, service_type, charge_mode, association_mode;

analyze consumption_customer_months;
analyze consumption_product_months;
