//! The customer list's query, shared by the page and the CSV export.

use super::{
    CustomerFilter, CustomerPage, CustomerProfile, CustomerRow, ASSIGN_LIMIT, CUSTOMER_MAX_PAGE,
    CUSTOMER_PAGE_SIZE,
};
use crate::agreements::service::signed_current_notice;
use crate::association::service::pending_request;
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::authorizations::service::for_partner_customer;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::i18n::Text;
use crate::core::permissions::{DataScope, Permission};
use crate::core::time::{format_local_date, local_day_start};
use crate::core::validate::parse_optional_date;
use crate::server::RequestContext;
use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A filter checked and turned into query parameters.
struct Query {
    partner: Uuid,
    assigned_to: Option<Uuid>,
    search: Option<String>,
    mode: Option<&'static str>,
    kind: Option<&'static str>,
    manager: Option<Uuid>,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    order: &'static str,
}

fn choice(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    allowed: &[&'static str],
) -> Option<&'static str> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let found = allowed.iter().copied().find(|a| *a == value);
    if found.is_none() {
        errors.add(field, Msg::ErrBadChoice);
    }
    found
}

fn parse(actor: &Actor, filter: &CustomerFilter) -> Result<Query, AppError> {
    let partner = actor.require(Permission::SalesCustomersView)?;
    let mut errors = FieldErrors::new();
    let mode = choice(
        &mut errors,
        "mode",
        filter.mode.as_deref(),
        &["resale", "consulting"],
    );
    let kind = choice(
        &mut errors,
        "kind",
        filter.kind.as_deref(),
        &["individual", "enterprise"],
    );
    let order = match choice(
        &mut errors,
        "sort",
        filter.sort.as_deref(),
        &["newest", "oldest", "name"],
    ) {
        Some("oldest") => "a.associated_at asc, c.id",
        Some("name") => "lower(c.account_name), c.id",
        _ => "a.associated_at desc, c.id",
    };
    let manager = match filter
        .manager
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        None => None,
        Some(m) => match Uuid::parse_str(m) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("manager", Msg::ErrBadChoice);
                None
            }
        },
    };
    let from = errors
        .check("from", parse_optional_date(filter.from.as_deref()))
        .flatten();
    let to = errors
        .check("to", parse_optional_date(filter.to.as_deref()))
        .flatten();
    let search = filter
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty() && q.chars().count() <= 64)
        .map(|q| escape_like(&q));
    errors.into_result()?;
    Ok(Query {
        partner,
        assigned_to: match actor.scope {
            DataScope::AssignedCustomers => actor.member_id(),
            DataScope::WholePartner => None,
        },
        search,
        mode,
        kind,
        manager,
        from: from.map(local_day_start),
        until: to.map(|d| local_day_start(d + Duration::days(1))),
        order,
    })
}

/// The search text with LIKE's wildcards taken literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    account_name: String,
    display_name: String,
    kind: String,
    mode: String,
    associated_at: DateTime<Utc>,
    manager: Option<String>,
    total: i64,
}

async fn fetch(pool: &PgPool, q: &Query, limit: i64, offset: i64) -> Result<Vec<Row>, sqlx::Error> {
    // `order` is one of three fixed fragments above, never user text.
    let sql = format!(
        "select c.id, c.account_name, c.display_name, c.kind, a.mode, a.associated_at,
                m.display_name as manager, count(*) over () as total
           from associations a
           join customers c on c.id = a.customer_id
           left join members m on m.id = a.manager_member_id
          where a.partner_id = $1 and a.ended_at is null
            and ($2::uuid is null or a.manager_member_id = $2)
            and ($3::text is null or lower(c.account_name) like '%' || $3 || '%' or c.id::text = $3)
            and ($4::text is null or a.mode = $4)
            and ($5::text is null or c.kind = $5)
            and ($6::uuid is null or a.manager_member_id = $6)
            and ($7::timestamptz is null or a.associated_at >= $7)
            and ($8::timestamptz is null or a.associated_at < $8)
          order by {}
          limit $9 offset $10",
        q.order
    );
    sqlx::query_as::<_, Row>(&sql)
        .bind(q.partner)
        .bind(q.assigned_to)
        .bind(&q.search)
        .bind(q.mode)
        .bind(q.kind)
        .bind(q.manager)
        .bind(q.from)
        .bind(q.until)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await
}

fn to_row(r: Row) -> CustomerRow {
    CustomerRow {
        id: r.id.to_string(),
        account_name: r.account_name,
        display_name: r.display_name,
        enterprise: r.kind == "enterprise",
        resale: r.mode == "resale",
        associated_at: r.associated_at,
        manager: r.manager,
    }
}

/// A distributor's resellers, (id, name).
async fn resellers_of(pool: &PgPool, partner: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, display_name from partners where distributor_id = $1
          order by lower(display_name)",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?)
}

/// Points the query at a reseller's customers when a distributor asks for them; anyone else, or
/// a partner that is not its reseller, is refused.
async fn apply_indirect(
    pool: &PgPool,
    filter: &CustomerFilter,
    q: &mut Query,
) -> Result<bool, AppError> {
    let Some(indirect) = filter
        .indirect
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return Ok(false);
    };
    let id =
        Uuid::parse_str(indirect).map_err(|_| AppError::field("indirect", Msg::ErrBadChoice))?;
    if q.assigned_to.is_some()
        || !resellers_of(pool, q.partner)
            .await?
            .iter()
            .any(|r| r.0 == id)
    {
        return Err(AppError::field("indirect", Msg::ErrBadChoice));
    }
    q.partner = id;
    q.manager = None;
    Ok(true)
}

pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
) -> Result<CustomerPage, AppError> {
    let mut q = parse(actor, filter)?;
    let own_partner = q.partner;
    let indirect = apply_indirect(pool, filter, &mut q).await?;
    let page = filter.page.unwrap_or(1).clamp(1, CUSTOMER_MAX_PAGE);
    let rows = fetch(
        pool,
        &q,
        CUSTOMER_PAGE_SIZE as i64,
        ((page - 1) * CUSTOMER_PAGE_SIZE) as i64,
    )
    .await?;
    let managers: Vec<(Uuid, String)> = if q.assigned_to.is_some() || indirect {
        vec![]
    } else {
        sqlx::query_as(
            "select m.id, m.display_name from members m
              where m.partner_id = $1
                and exists (select 1 from member_roles r
                             where r.member_id = m.id and r.builtin_role = 'customer_manager')
              order by lower(m.display_name)",
        )
        .bind(q.partner)
        .fetch_all(pool)
        .await?
    };
    let resellers = if q.assigned_to.is_none() {
        resellers_of(pool, own_partner).await?
    } else {
        vec![]
    };
    Ok(CustomerPage {
        can_assign: !indirect
            && actor
                .permissions
                .contains(&Permission::SalesCustomersAssign),
        resellers: resellers
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        total: rows.first().map_or(0, |r| r.total),
        rows: rows.into_iter().map(to_row).collect(),
        page,
        page_size: CUSTOMER_PAGE_SIZE,
        managers: managers
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
    })
}

/// At most this many rows go into one CSV file.
pub const EXPORT_LIMIT: i64 = 100_000;

/// The whole filtered list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Chinese names right).
pub async fn export_csv(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
) -> Result<Vec<u8>, AppError> {
    let mut q = parse(actor, filter)?;
    apply_indirect(pool, filter, &mut q).await?;
    let rows = fetch(pool, &q, EXPORT_LIMIT, 0).await?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write_error = |e: csv::Error| {
        tracing::error!(error = %e, "csv");
        AppError::Internal
    };
    out.write_record([
        "customer_id",
        "account_name",
        "display_name",
        "kind",
        "association_mode",
        "associated_at_utc",
        "customer_manager",
    ])
    .map_err(write_error)?;
    for r in rows {
        out.write_record([
            r.id.to_string(),
            r.account_name,
            r.display_name,
            r.kind,
            r.mode,
            r.associated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            r.manager.unwrap_or_default(),
        ])
        .map_err(write_error)?;
    }
    out.into_inner().map_err(|e| {
        tracing::error!(error = %e, "csv");
        AppError::Internal
    })
}

/// Assigns customers of the caller's partner to one of its customer managers (or to none).
/// All or nothing: an unknown customer or manager changes nothing.
pub async fn assign_manager(
    ctx: &RequestContext,
    actor: &Actor,
    manager: &str,
    customers: &[String],
) -> Result<(), AppError> {
    let partner = actor.require(Permission::SalesCustomersAssign)?;
    let ids: Vec<Uuid> = customers
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| Uuid::parse_str(c).map_err(|_| AppError::NotFound))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Err(AppError::field("customers", Msg::ErrNoCustomersChosen));
    }
    if ids.len() > ASSIGN_LIMIT {
        return Err(AppError::field(
            "customers",
            Text::new(Msg::ErrTooManyCustomers).arg("max", ASSIGN_LIMIT),
        ));
    }
    let manager = match manager.trim() {
        "" => None,
        m => Some(Uuid::parse_str(m).map_err(|_| AppError::field("manager", Msg::ErrBadChoice))?),
    };
    let mut tx = ctx.state.pool.begin().await?;
    if let Some(manager) = manager {
        let is_manager: bool = sqlx::query_scalar(
            "select exists (select 1 from members m join member_roles r on r.member_id = m.id
                             where m.id = $1 and m.partner_id = $2 and m.status = 'active'
                               and r.builtin_role = 'customer_manager')",
        )
        .bind(manager)
        .bind(partner)
        .fetch_one(&mut *tx)
        .await?;
        if !is_manager {
            return Err(AppError::field("manager", Msg::ErrBadChoice));
        }
    }
    let assigned: Vec<(Uuid, String)> = sqlx::query_as(
        "update associations a
            set manager_member_id = $3,
                manager_assigned_at = case when $3::uuid is null then null else now() end
           from customers c
          where c.id = a.customer_id and a.partner_id = $1 and a.ended_at is null
            and a.customer_id = any($2)
         returning a.customer_id, c.account_name",
    )
    .bind(partner)
    .bind(&ids)
    .bind(manager)
    .fetch_all(&mut *tx)
    .await?;
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    if assigned.len() != distinct.len() {
        // Some id is not a current customer of this partner: roll back, change nothing.
        return Err(AppError::NotFound);
    }
    let who = AuditActor::from(actor);
    for (customer, account_name) in assigned {
        let entry =
            AuditEntry::success(AuditAction::CustomerAssign, account_name).for_customer(customer);
        record(&mut tx, &who, ctx.source, entry).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How a partner reaches a customer: acting needs its own customer; reading also allows a
/// tier-1 distributor to see its tier-2 resellers' customers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Act,
    Read,
}

/// A current customer within the caller's reach, after the permission item and the data scope
/// were checked on the server.
pub struct ScopedCustomer {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub association_id: Uuid,
    pub account_name: String,
    pub resale: bool,
    /// False when a distributor reads a reseller's customer.
    pub direct: bool,
}

/// The customer `customer` if the caller holds `item` and may reach it; otherwise not found, so
/// that nobody learns of customers outside their scope.
pub async fn scoped_customer(
    conn: &mut PgConnection,
    actor: &Actor,
    item: Permission,
    customer: &str,
    access: Access,
) -> Result<ScopedCustomer, AppError> {
    let partner = actor.require(item)?;
    let customer = Uuid::parse_str(customer.trim()).map_err(|_| AppError::NotFound)?;
    let row: Option<(Uuid, Uuid, String, String, Option<Uuid>)> = sqlx::query_as(
        "select a.id, a.partner_id, c.account_name, a.mode, a.manager_member_id
           from associations a
           join customers c on c.id = a.customer_id
           join partners p on p.id = a.partner_id
          where a.customer_id = $1 and a.ended_at is null
            and (a.partner_id = $2 or ($3 and p.distributor_id = $2))",
    )
    .bind(customer)
    .bind(partner)
    .bind(access == Access::Read)
    .fetch_optional(&mut *conn)
    .await?;
    let (association_id, owner, account_name, mode, manager) = row.ok_or(AppError::NotFound)?;
    if actor.scope == DataScope::AssignedCustomers && manager != actor.member_id() {
        return Err(AppError::NotFound);
    }
    Ok(ScopedCustomer {
        id: customer,
        partner_id: owner,
        association_id,
        account_name,
        resale: mode == "resale",
        direct: owner == partner,
    })
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    display_name: String,
    kind: String,
    registered_at: DateTime<Utc>,
    associated_at: DateTime<Utc>,
    owner_name: String,
    manager: Option<String>,
    manager_assigned_at: Option<DateTime<Utc>>,
}

pub async fn detail(
    ctx: &RequestContext,
    actor: &Actor,
    id: &str,
) -> Result<CustomerProfile, AppError> {
    let mut conn = ctx.state.pool.acquire().await?;
    let c = scoped_customer(
        &mut conn,
        actor,
        Permission::SalesCustomersView,
        id,
        Access::Read,
    )
    .await?;
    let row: DetailRow = sqlx::query_as(
        "select c.display_name, c.kind, c.registered_at, a.associated_at,
                p.display_name as owner_name, m.display_name as manager, a.manager_assigned_at
           from associations a
           join customers c on c.id = a.customer_id
           join partners p on p.id = a.partner_id
           left join members m on m.id = a.manager_member_id
          where a.id = $1",
    )
    .bind(c.association_id)
    .fetch_one(&mut *conn)
    .await?;
    let now = ctx.state.clock.now();
    let signed = signed_current_notice(&mut conn, c.id).await?;
    let knowledge = if signed {
        Some(crate::knowledge::service::all(&mut conn).await?)
    } else {
        None
    };
    let can = |item| c.direct && actor.permissions.contains(&item);
    Ok(CustomerProfile {
        id: c.id.to_string(),
        account_name: c.account_name,
        display_name: row.display_name,
        enterprise: row.kind == "enterprise",
        registered_at: row.registered_at,
        resale: c.resale,
        associated_at: row.associated_at,
        reseller: (!c.direct).then_some(row.owner_name),
        manager: row.manager,
        manager_assigned_at: row.manager_assigned_at,
        signed_latest_notice: signed,
        authorizations: for_partner_customer(&mut conn, c.partner_id, c.id, now).await?,
        pending_disassociation: pending_request(&mut conn, c.association_id).await?,
        knowledge,
        can_authorize: can(Permission::SalesCustomersAuthorize) && c.resale,
        can_disassociate: can(Permission::SalesCustomersDisassociate),
        suggested_end: format_local_date(now + Duration::days(365)),
    })
}
