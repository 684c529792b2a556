//! Consumption's reading SQL. A partner-wide summary reads the sums or their rollups kept at
//! load (the narrowest that has its filters); a summary bounded to one customer manager reads
//! the records themselves, since only they carry the trade time its assignment date is compared
//! with. Built with `QueryBuilder` (the filters vary); every value is bound, never spliced.

mod mine;
mod monthly;
mod records;
mod summary;

pub use mine::*;
pub use monthly::*;
pub use records::*;
pub use summary::*;

use super::Grouping;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

/// Whose records a search reaches.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reach {
    pub partner: Uuid,
    /// Only this manager's customers, from its assignment on.
    pub manager: Option<Uuid>,
}

/// A search, its filters checked (kept with an export job, which runs it later).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Search {
    pub reach: Reach,
    /// First days of the first and last cycle.
    pub cycles: (NaiveDate, NaiveDate),
    pub customer: Option<Uuid>,
    pub mode: Option<String>,
    pub service_type: Option<String>,
    /// Any of these billing modes (an empty list matches nothing).
    pub charge_modes: Option<Vec<i16>>,
    pub hide_zero: bool,
    /// Filters of the records only (the API's detail query).
    pub detail: Detail,
    /// Read a closed month's partner bill lines instead of the live sums (the same columns).
    pub billed: bool,
}

/// Filters only records carry (the sums do not keep resources, regions or times).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Detail {
    pub region: Option<String>,
    pub resource_id: Option<String>,
    pub record_id: Option<String>,
    /// Trades within `[from, until)`.
    pub traded: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The start of the Beijing day a manager was assigned on (association `a`, or `x`): it sees
/// its customers' records from that day on. A customer that has left is no longer its.
const ASSIGNMENT_DAY_A: &str =
    "(date_trunc('day', a.manager_assigned_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')";
const ASSIGNMENT_DAY_X: &str =
    "(date_trunc('day', x.manager_assigned_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')";

/// The narrowest kept table that answers a partner-wide search grouped by `group` (none: by
/// customer, service type and billing mode): the rollup per product and month when no customer
/// is named, the one per customer and month when no service type or billing mode is, else the
/// sums. Each has the columns of the filters it is chosen for, and the same totals.
fn sums_table(s: &Search, group: Option<Grouping>) -> &'static str {
    let by_product = s.customer.is_none();
    let by_customer = s.service_type.is_none() && s.charge_modes.is_none();
    match group {
        Some(Grouping::Product | Grouping::Month) if by_product => "consumption_product_months",
        Some(Grouping::Customer | Grouping::Month) if by_customer => "consumption_customer_months",
        _ => "consumption_sums",
    }
}

/// `from … where …` over the kept sums (see [`sums_table`]), a closed month's bill, or the
/// records for a manager.
fn source(q: &mut QueryBuilder<'_, Postgres>, s: &Search, group: Option<Grouping>) {
    match s.reach.manager {
        None if s.billed => {
            q.push(" from partner_bill_lines s where s.partner_id = ");
        }
        None => {
            q.push(format!(
                " from {} s where s.partner_id = ",
                sums_table(s, group)
            ));
        }
        Some(manager) => {
            q.push(
                " from consumption_records s join associations a on a.id = s.association_id \
                  where a.manager_member_id = ",
            );
            q.push_bind(manager);
            q.push(" and a.ended_at is null and s.trade_time >= ");
            q.push(ASSIGNMENT_DAY_A);
            q.push(" and s.partner_id = ");
        }
    }
    q.push_bind(s.reach.partner);
    filters(q, s);
}

fn filters(q: &mut QueryBuilder<'_, Postgres>, s: &Search) {
    if s.cycles.0 == s.cycles.1 {
        // One month said as one: the records' index then gives them newest first.
        q.push(" and s.cycle = ");
        q.push_bind(s.cycles.0);
    } else {
        q.push(" and s.cycle between ");
        q.push_bind(s.cycles.0);
        q.push(" and ");
        q.push_bind(s.cycles.1);
    }
    if let Some(c) = s.customer {
        q.push(" and s.customer_id = ");
        q.push_bind(c);
    }
    if let Some(m) = &s.mode {
        q.push(" and s.association_mode = ");
        q.push_bind(m.clone());
    }
    if let Some(t) = &s.service_type {
        q.push(" and s.service_type = ");
        q.push_bind(t.clone());
    }
    if let Some(modes) = &s.charge_modes {
        q.push(" and s.charge_mode = any(");
        q.push_bind(modes.clone());
        q.push(")");
    }
}

/// The managers of a partner a supervisor picks from: active members holding the customer
/// manager role.
pub async fn managers(conn: &mut PgConnection, partner: Uuid) -> sqlx::Result<Vec<(Uuid, String)>> {
    let rows = sqlx::query!(
        r#"select m.id, m.user_name from members m
            where m.partner_id = $1 and m.status = 'active'
              and (exists (select 1 from member_roles r
                            where r.member_id = m.id and r.builtin_role = 'customer_manager')
                   or exists (select 1 from associations a where a.manager_member_id = m.id))
            order by m.user_name"#,
        partner
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.user_name)).collect())
}

/// Whether a member holds the customer manager supervisor role.
pub async fn is_supervisor(conn: &mut PgConnection, member: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from member_roles
                           where member_id = $1 and builtin_role = 'customer_manager_supervisor') as "yes!""#,
        member
    )
    .fetch_one(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search() -> Search {
        let month = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        Search {
            reach: Reach {
                partner: Uuid::nil(),
                manager: None,
            },
            cycles: (month, month),
            customer: None,
            mode: Some("resale".into()),
            service_type: None,
            charge_modes: None,
            hide_zero: true,
            detail: Detail::default(),
            billed: false,
        }
    }

    #[test]
    fn a_summary_reads_the_narrowest_table_that_has_its_filters() {
        use Grouping::*;
        let s = search();
        assert_eq!(
            sums_table(&s, Some(Customer)),
            "consumption_customer_months"
        );
        assert_eq!(sums_table(&s, Some(Product)), "consumption_product_months");
        assert_eq!(sums_table(&s, Some(Month)), "consumption_product_months");
        assert_eq!(sums_table(&s, None), "consumption_sums");

        let one_customer = Search {
            customer: Some(Uuid::nil()),
            ..search()
        };
        assert_eq!(
            sums_table(&one_customer, Some(Month)),
            "consumption_customer_months"
        );
        assert_eq!(sums_table(&one_customer, Some(Product)), "consumption_sums");

        let one_service = Search {
            service_type: Some("hws.service.type.ec2".into()),
            ..search()
        };
        assert_eq!(sums_table(&one_service, Some(Customer)), "consumption_sums");
        assert_eq!(
            sums_table(&one_service, Some(Product)),
            "consumption_product_months"
        );

        let modes_of_one_customer = Search {
            charge_modes: Some(vec![1]),
            ..one_customer
        };
        assert_eq!(
            sums_table(&modes_of_one_customer, Some(Month)),
            "consumption_sums"
        );
    }
}
