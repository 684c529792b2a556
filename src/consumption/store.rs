//! Consumption's SQL that writes: partitions, records with their sums, loads.

use super::rules::NewRecord;
use super::Figures;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

mod loads;
mod rollups;
pub use loads::*;
pub use rollups::*;

/// The partition that holds `month`'s records.
fn partition_name(month: NaiveDate) -> String {
    format!(
        "consumption_records_{:04}_{:02}",
        month.year(),
        month.month()
    )
}

/// Makes sure each month (a first day) has its partition. A new one is created apart and then
/// attached: attaching takes a lock that lets reads and loads of other months go on, where
/// `CREATE TABLE … PARTITION OF` would stop every query of the records while it waits. Runs
/// outside the load's transaction; two servers creating the same month wait for each other on
/// an advisory lock.
pub async fn ensure_months(conn: &mut PgConnection, months: &[NaiveDate]) -> sqlx::Result<()> {
    for &month in months {
        let name = partition_name(month);
        let exists: bool = sqlx::query_scalar("select to_regclass($1) is not null")
            .bind(&name)
            .fetch_one(&mut *conn)
            .await?;
        if exists {
            continue;
        }
        let Some(next) = month.checked_add_months(chrono::Months::new(1)) else {
            continue;
        };
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::query("select pg_advisory_xact_lock(hashtext('consumption partitions'))")
            .execute(&mut *tx)
            .await?;
        let exists: bool = sqlx::query_scalar("select to_regclass($1) is not null")
            .bind(&name)
            .fetch_one(&mut *tx)
            .await?;
        if !exists {
            // The name and bounds come from a date, never from input text.
            sqlx::query(&format!(
                "create table {name} (like consumption_records including defaults including constraints)"
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!(
                "alter table consumption_records attach partition {name} \
                 for values from ('{month}') to ('{next}')"
            ))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Registers months as open (a month loaded into for the first time).
pub async fn open_months(conn: &mut PgConnection, months: &[NaiveDate]) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into consumption_months (cycle) select unnest($1::date[]) on conflict do nothing",
        months as _
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Holds the months' rows until the transaction ends (closing one waits for it), and returns
/// those already closed.
pub async fn hold_months(
    conn: &mut PgConnection,
    months: &[NaiveDate],
) -> sqlx::Result<Vec<NaiveDate>> {
    let rows = sqlx::query!(
        r#"select cycle as "cycle: NaiveDate", closed_at is not null as "closed!"
             from consumption_months where cycle = any($1) order by cycle for share"#,
        months as _
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.closed)
        .map(|r| r.cycle)
        .collect())
}

/// The customers now associated with the partners of these account names (all partners when
/// none is named): whom the generator fills.
pub async fn associated_customers(
    conn: &mut PgConnection,
    partners: &[String],
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "select a.customer_id from associations a join partners p on p.id = a.partner_id
          where a.ended_at is null and (cardinality($1::text[]) = 0 or p.account_name = any($1))
          order by a.customer_id",
        partners
    )
    .fetch_all(conn)
    .await
}

/// Which of `customers` exist.
pub async fn known_customers(
    conn: &mut PgConnection,
    customers: &[Uuid],
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!("select id from customers where id = any($1)", customers)
        .fetch_all(conn)
        .await
}

/// Inserts the records not loaded before (by record id, whatever their month) and adds exactly
/// those to the sums, in one statement: two loads of overlapping records at once count each
/// record once (the second waits on the first's id and then skips it). Each record is stamped
/// with the customer's association at its trade time. What was added goes to `rollups`, which
/// the load adds at its end ([`add_rollups`]). Returns how many records were new.
pub async fn add_records(
    conn: &mut PgConnection,
    load: Uuid,
    records: &[NewRecord],
    rollups: &mut Rollups,
) -> sqlx::Result<u64> {
    let mut cols = Columns::default();
    for r in records {
        cols.push(r);
    }
    let added = sqlx::query!(
        r#"with input as (
             select * from unnest($1::date[], $2::text[], $3::uuid[], $4::timestamptz[],
                                  $5::text[], $6::text[], $7::text[], $8::text[], $9::int2[],
                                  $10::numeric[], $11::text[], $12::numeric[], $13::numeric[],
                                  $14::numeric[], $15::numeric[], $16::numeric[])
               as t(cycle, record_id, customer_id, trade_time, service_type, resource_type,
                    resource_id, region, charge_mode, usage, usage_unit, list_amount,
                    discount_amount, coupon_amount, cash_amount, debt_amount)
           ),
           new_ids as (
             insert into consumption_record_ids (record_id, cycle)
             select record_id, cycle from input
             on conflict do nothing
             returning record_id
           ),
           added as (
             insert into consumption_records
                  (cycle, record_id, customer_id, partner_id, association_id, association_mode,
                   service_type, resource_type, resource_id, region, charge_mode, usage,
                   usage_unit, list_amount, discount_amount, coupon_amount, cash_amount,
                   debt_amount, trade_time, load_id)
             select i.cycle, i.record_id, i.customer_id, a.partner_id, a.id, a.mode,
                    i.service_type, i.resource_type, i.resource_id, i.region, i.charge_mode,
                    i.usage, i.usage_unit, i.list_amount, i.discount_amount, i.coupon_amount,
                    i.cash_amount, i.debt_amount, i.trade_time, $17
               from input i
               join new_ids n on n.record_id = i.record_id
               left join lateral (
                 select a.id, a.partner_id, a.mode from associations a
                  where a.customer_id = i.customer_id and a.associated_at <= i.trade_time
                    and (a.ended_at is null or a.ended_at > i.trade_time)
                  order by a.associated_at desc limit 1) a on true
             on conflict do nothing
             returning partner_id, cycle, customer_id, service_type, charge_mode,
                       association_mode, list_amount, discount_amount, coupon_amount,
                       cash_amount, debt_amount
           ),
           summed as (
             insert into consumption_sums as s
                  (partner_id, cycle, customer_id, service_type, charge_mode, association_mode,
                   records, list_amount, discount_amount, coupon_amount, cash_amount, debt_amount)
             select partner_id, cycle, customer_id, service_type, charge_mode, association_mode,
                    count(*), sum(list_amount), sum(discount_amount), sum(coupon_amount),
                    sum(cash_amount), sum(debt_amount)
               from added where partner_id is not null
              group by 1, 2, 3, 4, 5, 6
              order by 1, 2, 3, 4, 5, 6
             on conflict (partner_id, cycle, customer_id, service_type, charge_mode, association_mode)
             do update set records = s.records + excluded.records,
                           list_amount = s.list_amount + excluded.list_amount,
                           discount_amount = s.discount_amount + excluded.discount_amount,
                           coupon_amount = s.coupon_amount + excluded.coupon_amount,
                           cash_amount = s.cash_amount + excluded.cash_amount,
                           debt_amount = s.debt_amount + excluded.debt_amount
           )
           -- What was added, at the sums' grain, for the load's rollups (and its count); the
           -- sums' upsert runs whether or not this reads it.
           select partner_id as "partner_id?", cycle as "cycle!: NaiveDate",
                  customer_id as "customer_id!", service_type as "service_type!",
                  charge_mode as "charge_mode!", association_mode as "association_mode?",
                  count(*) as "records!", sum(list_amount) as "list!",
                  sum(discount_amount) as "discount!", sum(coupon_amount) as "coupon!",
                  sum(cash_amount) as "cash!", sum(debt_amount) as "debt!"
             from added group by 1, 2, 3, 4, 5, 6"#,
        &cols.cycle as _,
        &cols.record_id,
        &cols.customer_id,
        &cols.trade_time as _,
        &cols.service_type,
        &cols.resource_type,
        &cols.resource_id,
        &cols.region,
        &cols.charge_mode,
        &cols.usage,
        &cols.usage_unit,
        &cols.list,
        &cols.discount,
        &cols.coupon,
        &cols.cash,
        &cols.debt,
        load
    )
    .fetch_all(conn)
    .await?;
    let mut count = 0;
    for r in added {
        count += r.records as u64;
        rollups.add(AddedSum {
            partner_id: r.partner_id,
            cycle: r.cycle,
            customer_id: r.customer_id,
            service_type: r.service_type,
            charge_mode: r.charge_mode,
            association_mode: r.association_mode,
            figures: Figures {
                records: r.records,
                list: r.list,
                discount: r.discount,
                coupon: r.coupon,
                cash: r.cash,
                debt: r.debt,
            },
        });
    }
    Ok(count)
}

/// The records as columns, for `unnest`.
#[derive(Default)]
struct Columns {
    cycle: Vec<NaiveDate>,
    record_id: Vec<String>,
    customer_id: Vec<Uuid>,
    trade_time: Vec<DateTime<Utc>>,
    service_type: Vec<String>,
    resource_type: Vec<String>,
    resource_id: Vec<String>,
    region: Vec<String>,
    charge_mode: Vec<i16>,
    usage: Vec<Decimal>,
    usage_unit: Vec<String>,
    list: Vec<Decimal>,
    discount: Vec<Decimal>,
    coupon: Vec<Decimal>,
    cash: Vec<Decimal>,
    debt: Vec<Decimal>,
}

impl Columns {
    fn push(&mut self, r: &NewRecord) {
        self.cycle.push(super::rules::cycle_of(r.trade_time));
        self.record_id.push(r.record_id.clone());
        self.customer_id.push(r.customer_id);
        self.trade_time.push(r.trade_time);
        self.service_type.push(r.service_type.clone());
        self.resource_type.push(r.resource_type.clone());
        self.resource_id.push(r.resource_id.clone());
        self.region.push(r.region.clone());
        self.charge_mode.push(r.charge_mode.code());
        self.usage.push(r.usage);
        self.usage_unit.push(r.usage_unit.clone());
        self.list.push(r.list);
        self.discount.push(r.discount);
        self.coupon.push(r.coupon);
        self.cash.push(r.cash);
        self.debt.push(r.debt);
    }
}
