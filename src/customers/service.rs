//! The customer list's query, shared by the page and the CSV export.

use super::{
    CustomerFilter, CustomerPage, CustomerProfile, CustomerRow, ASSIGN_LIMIT, CUSTOMER_MAX_PAGE,
    CUSTOMER_PAGE_SIZE,
};
use crate::agreements::service::signed_current_notice;
use crate::association::service::pending_request;
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::auth::service::{insert_customer, NewCustomer};
use crate::authorizations::service::for_partner_customer;
use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::i18n::Text;
use crate::core::permissions::{DataScope, Permission};
use crate::core::time::{format_local_date, local_day_start};
use crate::core::validate::parse_optional_date;
use crate::core::validate::{AccountName, NewPassword};
use crate::server::{AppState, RequestContext};
use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};
use std::net::IpAddr;
use uuid::Uuid;

/// A customer search, checked: the portal's filter and the API's body both become one. Made
/// only by [`Query::scoped`], which checks the permission item and fixes the data scope.
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

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Oldest,
    Name,
}

impl Order {
    fn sql(self) -> &'static str {
        match self {
            Order::Newest => " order by a.associated_at desc, c.id",
            Order::Oldest => " order by a.associated_at asc, c.id",
            Order::Name => " order by lower(c.account_name), c.id",
        }
    }
}

impl Query {
    /// An unfiltered search of the caller's customers (`sales.customers.view`); a customer
    /// manager's is limited to the customers assigned to it.
    pub fn scoped(actor: &Actor) -> Result<Query, AppError> {
        Ok(Query {
            partner: actor.require(Permission::SalesCustomersView)?,
            assigned_to: match actor.scope {
                DataScope::AssignedCustomers => actor.member_id(),
                DataScope::WholePartner => None,
            },
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
}

/// Text to search for: trimmed, lower-cased, LIKE's wildcards taken literally; `None` when empty.
pub fn contains_pattern(text: Option<&str>) -> Option<String> {
    text.map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .map(|t| escape_like(&t))
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
    let mut q = Query::scoped(actor)?;
    let mut errors = FieldErrors::new();
    q.mode = choice(
        &mut errors,
        "mode",
        filter.mode.as_deref(),
        &["resale", "consulting"],
    );
    q.kind = choice(
        &mut errors,
        "kind",
        filter.kind.as_deref(),
        &["individual", "enterprise"],
    );
    q.order = match choice(
        &mut errors,
        "sort",
        filter.sort.as_deref(),
        &["newest", "oldest", "name"],
    ) {
        Some("oldest") => Order::Oldest,
        Some("name") => Order::Name,
        _ => Order::Newest,
    };
    q.manager = optional_id(&mut errors, "manager", filter.manager.as_deref());
    q.indirect = optional_id(&mut errors, "indirect", filter.indirect.as_deref());
    let from = errors
        .check("from", parse_optional_date(filter.from.as_deref()))
        .flatten();
    let to = errors
        .check("to", parse_optional_date(filter.to.as_deref()))
        .flatten();
    q.from = from.map(local_day_start);
    q.until = to.map(|d| local_day_start(d + Duration::days(1)));
    // One box for both: an id finds that customer, anything else searches account names.
    let text = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|t| t.chars().count() <= 64);
    match text.map(Uuid::parse_str) {
        Some(Ok(id)) => q.customer_id = Some(id),
        _ => q.account = contains_pattern(text),
    }
    errors.into_result()?;
    Ok(q)
}

fn optional_id(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Uuid> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let id = Uuid::parse_str(value).ok();
    if id.is_none() {
        errors.add(field, Msg::ErrBadChoice);
    }
    id
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
    manager_account: Option<String>,
    manager: Option<String>,
}

/// The search's conditions. Only the filters given become conditions, so that each search gets
/// the plan (and the index) that suits it.
fn push_conditions(sql: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>, q: &Query) {
    sql.push(" where a.ended_at is null and a.partner_id = ")
        .push_bind(q.partner);
    for manager in [q.assigned_to, q.manager].into_iter().flatten() {
        sql.push(" and a.manager_member_id = ").push_bind(manager);
    }
    for (column, text) in [("c.account_name", &q.account), ("c.display_name", &q.name)] {
        if let Some(text) = text {
            sql.push(format!(" and lower({column}) like '%' || "))
                .push_bind(text.clone())
                .push(" || '%'");
        }
    }
    if let Some(id) = q.customer_id {
        sql.push(" and c.id = ").push_bind(id);
    }
    if let Some(mode) = q.mode {
        sql.push(" and a.mode = ").push_bind(mode);
    }
    if let Some(kind) = q.kind {
        sql.push(" and c.kind = ").push_bind(kind);
    }
    if let Some(from) = q.from {
        sql.push(" and a.associated_at >= ").push_bind(from);
    }
    if let Some(until) = q.until {
        sql.push(" and a.associated_at < ").push_bind(until);
    }
}

async fn fetch(pool: &PgPool, q: &Query, limit: i64, offset: i64) -> Result<Vec<Row>, sqlx::Error> {
    let mut sql = sqlx::QueryBuilder::new(
        "select c.id, c.account_name, c.display_name, c.kind, a.mode, a.associated_at,
                m.user_name as manager_account, m.display_name as manager
           from associations a
           join customers c on c.id = a.customer_id
           left join members m on m.id = a.manager_member_id",
    );
    push_conditions(&mut sql, q);
    sql.push(q.order.sql());
    sql.push(" limit ").push_bind(limit);
    sql.push(" offset ").push_bind(offset);
    sql.build_query_as::<Row>().fetch_all(pool).await
}

/// How many customers match, counting no further than `cap` when one is given (a page count
/// needs no more, and counting 100,000 rows for every page would cost more than the page).
async fn count(pool: &PgPool, q: &Query, cap: Option<i64>) -> Result<i64, sqlx::Error> {
    let needs_customers =
        q.account.is_some() || q.name.is_some() || q.customer_id.is_some() || q.kind.is_some();
    let mut sql = sqlx::QueryBuilder::new("select count(*) from (select 1 from associations a");
    if needs_customers {
        sql.push(" join customers c on c.id = a.customer_id");
    }
    push_conditions(&mut sql, q);
    if let Some(cap) = cap {
        sql.push(" limit ").push_bind(cap);
    }
    sql.push(") matching");
    sql.build_query_scalar::<i64>().fetch_one(pool).await
}

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

/// Whether `partner` is a tier-2 reseller of the tier-1 distributor `distributor`.
async fn is_reseller_of(pool: &PgPool, distributor: Uuid, partner: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from partners where id = $1 and distributor_id = $2)",
    )
    .bind(partner)
    .bind(distributor)
    .fetch_one(pool)
    .await?)
}

/// Points the query at a reseller's customers when a distributor asks for them; anyone else, or
/// a partner that is not its reseller, is refused.
async fn apply_indirect(pool: &PgPool, q: &mut Query) -> Result<bool, AppError> {
    let Some(id) = q.indirect else {
        return Ok(false);
    };
    if q.assigned_to.is_some() || !is_reseller_of(pool, q.partner, id).await? {
        return Err(AppError::field("indirect", Msg::ErrBadChoice));
    }
    q.partner = id;
    q.manager = None;
    Ok(true)
}

/// Runs a search: the rows of one page and the total (counted up to `count_cap`, when given).
/// Whether it read a reseller's customers is returned too.
pub async fn search(
    pool: &PgPool,
    mut q: Query,
    (limit, offset): (i64, i64),
    count_cap: Option<i64>,
) -> Result<(Vec<CustomerRow>, i64, bool), AppError> {
    let indirect = apply_indirect(pool, &mut q).await?;
    let rows = fetch(pool, &q, limit, offset).await?;
    // A page shorter than asked, and not empty past the first, tells the total without counting.
    let total = if (rows.len() as i64) < limit && (offset == 0 || !rows.is_empty()) {
        offset + rows.len() as i64
    } else {
        count(pool, &q, count_cap).await?
    };
    Ok((rows.into_iter().map(to_row).collect(), total, indirect))
}

pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &CustomerFilter,
) -> Result<CustomerPage, AppError> {
    let q = parse(actor, filter)?;
    let (own_partner, assigned_only) = (q.partner, q.assigned_to.is_some());
    let page = filter.page.unwrap_or(1).clamp(1, CUSTOMER_MAX_PAGE);
    let page_size = CUSTOMER_PAGE_SIZE as i64;
    let reachable = page_size * CUSTOMER_MAX_PAGE as i64;
    let (rows, total, indirect) = search(
        pool,
        q,
        (page_size, (page - 1) as i64 * page_size),
        Some(reachable + 1),
    )
    .await?;
    let managers: Vec<(Uuid, String)> = if assigned_only || indirect {
        vec![]
    } else {
        sqlx::query_as(
            "select m.id, m.display_name from members m
              where m.partner_id = $1
                and exists (select 1 from member_roles r
                             where r.member_id = m.id and r.builtin_role = 'customer_manager')
              order by lower(m.display_name)",
        )
        .bind(own_partner)
        .fetch_all(pool)
        .await?
    };
    let resellers = if !assigned_only {
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
        total,
        rows,
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
    apply_indirect(pool, &mut q).await?;
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

/// A customer account a partner creates (the API's `create_sub_customer`).
pub struct CreateCustomer {
    pub account_name: AccountName,
    /// `None`: the customer has no password and signs in only after one is set for it.
    pub password: Option<NewPassword>,
    pub resale: bool,
    /// A tier-1 distributor creates the customer for one of its tier-2 resellers.
    pub indirect: Option<Uuid>,
}

/// Creates a customer associated with the caller's partner (or, for a distributor, with one of
/// its resellers) in one transaction; a customer manager becomes its manager. Returns its id.
pub async fn create_customer(
    state: &AppState,
    actor: &Actor,
    source: Option<IpAddr>,
    new: CreateCustomer,
) -> Result<Uuid, AppError> {
    let own = actor.require(Permission::SalesCustomersCreate)?;
    let partner = match new.indirect {
        None => own,
        Some(reseller) if is_reseller_of(&state.pool, own, reseller).await? => reseller,
        Some(_) => return Err(AppError::field("indirect_partner_id", Msg::ErrBadChoice)),
    };
    let hash = match new.password {
        Some(p) => state.passwords.hash_new(&p).await,
        // Not a PHC string: no password ever verifies against it.
        None => "!no-password".to_string(),
    };
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let customer = insert_customer(
        &mut tx,
        &NewCustomer {
            account_name: &new.account_name,
            display_name: new.account_name.as_str(),
            enterprise: false,
        },
        hash,
        now,
        source,
    )
    .await?;
    let manager = (actor.scope == DataScope::AssignedCustomers && partner == own)
        .then(|| actor.member_id())
        .flatten();
    sqlx::query(
        "insert into associations (id, customer_id, partner_id, mode, associated_at,
                                   manager_member_id, manager_assigned_at)
         values ($1, $2, $3, $4, $5, $6, case when $6::uuid is null then null else $5 end)",
    )
    .bind(Uuid::new_v4())
    .bind(customer)
    .bind(partner)
    .bind(if new.resale { "resale" } else { "consulting" })
    .bind(now)
    .bind(manager)
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::success(AuditAction::CustomerCreate, new.account_name.as_str())
        .for_partner(partner)
        .for_customer(customer);
    record(&mut tx, &AuditActor::from(actor), source, entry).await?;
    tx.commit().await?;
    Ok(customer)
}

/// A tier-2 reseller of the caller, as `list_indirect_partners` returns it.
#[derive(sqlx::FromRow)]
pub struct Reseller {
    pub id: Uuid,
    pub account_name: String,
    pub display_name: String,
    pub associated_at: DateTime<Utc>,
    pub total: i64,
}

/// A tier-1 distributor's resellers, filtered; anyone else holds none.
pub async fn resellers(
    pool: &PgPool,
    actor: &Actor,
    account: Option<String>,
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    id: Option<Uuid>,
    (limit, offset): (i64, i64),
) -> Result<Vec<Reseller>, AppError> {
    let partner = actor.require(Permission::SalesCustomersView)?;
    if actor.scope == DataScope::AssignedCustomers {
        return Err(AppError::Forbidden);
    }
    Ok(sqlx::query_as(
        "select id, account_name, display_name, created_at as associated_at,
                count(*) over () as total
           from partners
          where distributor_id = $1
            and ($2::text is null or lower(account_name) like '%' || $2 || '%')
            and ($3::timestamptz is null or created_at >= $3)
            and ($4::timestamptz is null or created_at <= $4)
            and ($5::uuid is null or id = $5)
          order by created_at desc, id
          limit $6 offset $7",
    )
    .bind(partner)
    .bind(account)
    .bind(range.0)
    .bind(range.1)
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?)
}
