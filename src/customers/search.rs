//! The customer search, shared by the list, its CSV export and the API's `list_sub_customers`.
//! The only SQL built at run time: each search gets the conditions, and so the index, it needs.

use super::rules::{Cursor, Order};
use super::{CustomerRow, PageAt};
use crate::core::actor::Actor;
use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

/// A customer search, checked. Made only by [`Query::scoped`], which checks the permission item
/// and fixes the data scope: an unscoped search cannot be built.
pub struct Query {
    partner: Uuid,
    assigned_to: Option<Uuid>,
    /// Account name contains (lower-cased, LIKE wildcards escaped).
    pub account: Option<String>,
    /// Display (real) name contains, likewise.
    pub name: Option<String>,
    pub customer_id: Option<Uuid>,
    pub mode: Option<&'static str>,
    pub kind: Option<&'static str>,
    pub manager: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// A tier-2 reseller of the caller (a tier-1 distributor) whose customers are searched.
    pub indirect: Option<Uuid>,
    pub order: Order,
}

impl Query {
    /// An unfiltered search of the caller's customers (`sales.customers.view`); a customer
    /// manager's is limited to the customers assigned to it.
    pub fn scoped(actor: &Actor) -> Result<Query, AppError> {
        Ok(Query {
            partner: actor.require(Permission::SalesCustomersView)?,
            assigned_to: actor.assigned_to(),
            account: None,
            name: None,
            customer_id: None,
            mode: None,
            kind: None,
            manager: None,
            from: None,
            until: None,
            indirect: None,
            order: Order::Newest,
        })
    }

    pub fn partner(&self) -> Uuid {
        self.partner
    }

    pub fn assigned_only(&self) -> bool {
        self.assigned_to.is_some()
    }

    /// Searches a reseller's customers instead, if `indirect` names one of the caller's
    /// resellers; returns whether it does. A customer manager has no resellers' customers.
    pub async fn apply_indirect(&mut self, conn: &mut PgConnection) -> Result<bool, AppError> {
        let Some(reseller) = self.indirect else {
            return Ok(false);
        };
        if self.assigned_to.is_some()
            || !super::store::is_reseller_of(conn, self.partner, reseller).await?
        {
            return Err(AppError::field("indirect", Msg::ErrBadChoice));
        }
        self.partner = reseller;
        self.manager = None;
        Ok(true)
    }
}

impl Query {
    /// Whether the statement may be kept prepared (`persistent`): not with a substring search.
    /// After five runs PostgreSQL may plan a kept statement once for any pattern, and such a
    /// plan cannot use the trigram index: it reads every customer of the partner (measured at
    /// 100,000 customers: 2 ms with the pattern's own plan, 25 ms with the generic one).
    fn may_keep_plan(&self) -> bool {
        self.account.is_none() && self.name.is_none()
    }
}

/// The search's conditions on the association `a` (and the customer `c` for a real-name search).
fn push_conditions(sql: &mut QueryBuilder<'_, Postgres>, q: &Query) {
    sql.push(" where a.ended_at is null and a.partner_id = ")
        .push_bind(q.partner);
    for manager in [q.assigned_to, q.manager].into_iter().flatten() {
        sql.push(" and a.manager_member_id = ").push_bind(manager);
    }
    if let Some(text) = &q.account {
        sql.push(" and a.customer_account like '%' || ")
            .push_bind(text.clone())
            .push(" || '%'");
    }
    if let Some(text) = &q.name {
        sql.push(" and lower(c.display_name) like '%' || ")
            .push_bind(text.clone())
            .push(" || '%'");
    }
    if let Some(id) = q.customer_id {
        sql.push(" and a.customer_id = ").push_bind(id);
    }
    if let Some(mode) = q.mode {
        sql.push(" and a.mode = ").push_bind(mode);
    }
    if let Some(kind) = q.kind {
        sql.push(" and a.customer_kind = ").push_bind(kind);
    }
    if let Some(from) = q.from {
        sql.push(" and a.associated_at >= ").push_bind(from);
    }
    if let Some(until) = q.until {
        sql.push(" and a.associated_at < ").push_bind(until);
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    account_name: String,
    display_name: String,
    kind: String,
    mode: String,
    associated_at: DateTime<Utc>,
    manager_account: Option<String>,
    manager: Option<String>,
}

const SELECT: &str = "select a.customer_id as id, c.account_name, c.display_name,
        a.customer_kind as kind, a.mode, a.associated_at,
        m.user_name as manager_account, m.display_name as manager
   from associations a
   join customers c on c.id = a.customer_id
   left join members m on m.id = a.manager_member_id";

fn to_row(r: Row) -> CustomerRow {
    CustomerRow {
        id: r.id.to_string(),
        account_name: r.account_name,
        display_name: r.display_name,
        enterprise: r.kind == "enterprise",
        resale: r.mode == "resale",
        associated_at: r.associated_at,
        manager_account: r.manager_account,
        manager: r.manager,
        balance: None,
    }
}

/// The cursor of a row in an order.
pub fn cursor_of(row: &CustomerRow, order: Order) -> Option<Cursor> {
    let id = Uuid::parse_str(&row.id).ok()?;
    Some(match order {
        Order::Name => Cursor::Name(row.account_name.to_lowercase(), id),
        Order::Newest | Order::Oldest => Cursor::At(row.associated_at, id),
    })
}

/// Rows in the list's order (`forward`) or against it, starting past `cursor`.
fn push_keyset(
    sql: &mut QueryBuilder<'_, Postgres>,
    order: Order,
    cursor: Option<&Cursor>,
    forward: bool,
) {
    let ascending = order.ascending() == forward;
    let (cmp, dir) = if ascending {
        (">", "asc")
    } else {
        ("<", "desc")
    };
    match cursor {
        Some(Cursor::At(at, id)) => {
            sql.push(format!(" and (a.associated_at, a.customer_id) {cmp} ("))
                .push_bind(*at)
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        Some(Cursor::Name(name, id)) => {
            sql.push(format!(" and (a.customer_account, a.customer_id) {cmp} ("))
                .push_bind(name.clone())
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        None => {}
    }
    match order {
        Order::Name => sql.push(format!(
            " order by a.customer_account {dir}, a.customer_id {dir}"
        )),
        _ => sql.push(format!(
            " order by a.associated_at {dir}, a.customer_id {dir}"
        )),
    };
}

/// One page of a keyset-paged list.
pub struct Page {
    pub rows: Vec<CustomerRow>,
    pub has_before: bool,
    pub has_after: bool,
}

/// A page of `size` rows at a position; every page costs the same, however deep.
pub async fn page(
    conn: &mut PgConnection,
    q: &Query,
    at: PageAt,
    cursor: Option<&Cursor>,
    size: i64,
) -> Result<Page, AppError> {
    let forward = matches!(at, PageAt::First | PageAt::After);
    let mut sql = QueryBuilder::new(SELECT);
    push_conditions(&mut sql, q);
    push_keyset(&mut sql, q.order, cursor, forward);
    sql.push(" limit ").push_bind(size + 1);
    let mut rows: Vec<CustomerRow> = sql
        .build_query_as::<Row>()
        .persistent(q.may_keep_plan())
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(to_row)
        .collect();
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    if !forward {
        rows.reverse();
    }
    let (has_before, has_after) = match at {
        PageAt::First => (false, more),
        PageAt::After => (true, more),
        PageAt::Before => (more, true),
        PageAt::Last => (more, false),
    };
    Ok(Page {
        rows,
        has_before,
        has_after,
    })
}

/// Rows `offset..offset + limit` in the list's order (the API's paging).
pub async fn offset_page(
    conn: &mut PgConnection,
    q: &Query,
    limit: i64,
    offset: i64,
) -> Result<Vec<CustomerRow>, AppError> {
    let mut sql = QueryBuilder::new(SELECT);
    push_conditions(&mut sql, q);
    push_keyset(&mut sql, q.order, None, true);
    sql.push(" limit ").push_bind(limit);
    sql.push(" offset ").push_bind(offset);
    Ok(sql
        .build_query_as::<Row>()
        .persistent(q.may_keep_plan())
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(to_row)
        .collect())
}

/// How many customers match, counting no further than `cap` when one is given.
pub async fn count(conn: &mut PgConnection, q: &Query, cap: Option<i64>) -> Result<i64, AppError> {
    let mut sql = QueryBuilder::new("select count(*) from (select 1 from associations a");
    if q.name.is_some() {
        sql.push(" join customers c on c.id = a.customer_id");
    }
    push_conditions(&mut sql, q);
    if let Some(cap) = cap {
        sql.push(" limit ").push_bind(cap);
    }
    sql.push(") matching");
    Ok(sql
        .build_query_scalar::<i64>()
        .persistent(q.may_keep_plan())
        .fetch_one(conn)
        .await?)
}
