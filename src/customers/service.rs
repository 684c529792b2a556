//! The customer list's query, shared by the page and the CSV export.

use super::{
    CustomerFilter, CustomerPage, CustomerRow, ASSIGN_LIMIT, CUSTOMER_MAX_PAGE, CUSTOMER_PAGE_SIZE,
};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::i18n::Text;
use crate::core::permissions::{DataScope, Permission};
use crate::core::time::local_day_start;
use crate::core::validate::parse_optional_date;
use crate::server::RequestContext;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
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
        .filter(|q| !q.is_empty() && q.chars().count() <= 64);
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
            and ($3::text is null or position($3 in lower(c.account_name)) > 0 or c.id::text = $3)
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

pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
) -> Result<CustomerPage, AppError> {
    let q = parse(actor, filter)?;
    let page = filter.page.unwrap_or(1).clamp(1, CUSTOMER_MAX_PAGE);
    let rows = fetch(
        pool,
        &q,
        CUSTOMER_PAGE_SIZE as i64,
        ((page - 1) * CUSTOMER_PAGE_SIZE) as i64,
    )
    .await?;
    let managers: Vec<(Uuid, String)> = if q.assigned_to.is_some() {
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
    Ok(CustomerPage {
        can_assign: actor
            .permissions
            .contains(&Permission::SalesCustomersAssign),
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
    let q = parse(actor, filter)?;
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
