//! Sales › Customers: the list's filters parsed, one page of the search, its count and what the
//! form offers (managers, resellers).

use super::rules::{contains_pattern, Cursor, Order, MAX_SEARCH_CHARS};
use super::search::{count, cursor_of, page, Query};
use super::{CustomerFilter, CustomerPage, PageAt, COUNT_CAP, CUSTOMER_PAGE_SIZE};
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::server::cache::PartnerList;
use crate::server::Call;
use std::sync::Arc;
use uuid::Uuid;

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

fn optional_id(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Uuid> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let id = Uuid::parse_str(value).ok();
    if id.is_none() {
        errors.add(field, Msg::ErrBadChoice);
    }
    id
}

/// The page's filters as a scoped search, and where the page starts.
pub fn parse(
    call: &Call,
    filter: &CustomerFilter,
) -> Result<(Query, PageAt, Option<Cursor>), AppError> {
    let mut q = Query::scoped(&call.actor)?;
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
    q.order = Order::parse(filter.sort.as_deref()).unwrap_or_else(|| {
        errors.add("sort", Msg::ErrBadChoice);
        Order::Newest
    });
    q.manager = optional_id(&mut errors, "manager", filter.manager.as_deref());
    q.indirect = optional_id(&mut errors, "indirect", filter.indirect.as_deref());
    let from = errors
        .check("from", Day::parse_optional(filter.from.as_deref()))
        .flatten();
    let to = errors
        .check("to", Day::parse_optional(filter.to.as_deref()))
        .flatten();
    q.from = from.map(Day::start);
    q.until = to.map(Day::end);
    let text = filter.q.as_deref().map(str::trim).unwrap_or_default();
    if text.chars().count() > MAX_SEARCH_CHARS {
        errors.add(
            "q",
            crate::core::i18n::Text::new(Msg::ErrTooLong).arg("max", MAX_SEARCH_CHARS),
        );
    } else if text.chars().any(char::is_control) {
        errors.add("q", Msg::ErrControlCharacters);
    }
    // One box for both: an id finds that customer, anything else searches account names.
    match Uuid::parse_str(text) {
        Ok(id) => q.customer_id = Some(id),
        Err(_) => q.account = contains_pattern(Some(text)),
    }
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let position = match (
        given(&filter.after),
        given(&filter.before),
        given(&filter.last),
    ) {
        (None, None, None) => Some((PageAt::First, None)),
        (Some(c), None, None) => Cursor::decode(c, q.order).map(|c| (PageAt::After, Some(c))),
        (None, Some(c), None) => Cursor::decode(c, q.order).map(|c| (PageAt::Before, Some(c))),
        (None, None, Some(_)) => Some((PageAt::Last, None)),
        _ => None,
    };
    if position.is_none() {
        errors.add("page", Msg::ErrBadChoice);
    }
    errors.into_result()?;
    let (at, cursor) = position.ok_or(AppError::Internal)?;
    Ok((q, at, cursor))
}

/// The balances of a page's customers, in one query.
async fn with_balances(
    conn: &mut sqlx::PgConnection,
    rows: &mut [super::CustomerRow],
) -> Result<(), AppError> {
    let ids: Vec<uuid::Uuid> = rows
        .iter()
        .filter_map(|r| uuid::Uuid::parse_str(&r.id).ok())
        .collect();
    let balances = crate::funds::records::balances(conn, &ids).await?;
    for row in rows.iter_mut() {
        row.balance = balances
            .iter()
            .find(|(id, _)| id.to_string() == row.id)
            .map(|(_, b)| b.balance);
    }
    Ok(())
}

/// The partner's customer managers or resellers as (id, name), through the short-lived cache
/// (`server::cache`: cleared on this server by any change of members, roles or partners).
async fn partner_list(
    call: &Call,
    conn: &mut sqlx::PgConnection,
    list: PartnerList,
    partner: Uuid,
) -> Result<Vec<(String, String)>, AppError> {
    let caches = &call.state.caches;
    let entries = match caches.partner_list(list, partner) {
        Some(entries) => entries,
        None => {
            let generation = caches.generation();
            let loaded = Arc::new(match list {
                PartnerList::Managers => super::store::managers_of(conn, partner).await?,
                PartnerList::Resellers => super::store::resellers_of(conn, partner).await?,
            });
            caches.store_partner_list(generation, list, partner, Arc::clone(&loaded));
            loaded
        }
    };
    Ok(entries
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect())
}

pub async fn list(call: &Call, filter: &CustomerFilter) -> Result<CustomerPage, AppError> {
    let (mut q, at, cursor) = parse(call, filter)?;
    let own_partner = q.partner();
    let mut conn = call.pool().acquire().await?;
    let indirect = q.apply_indirect(&mut conn).await?;
    let mut found = page(&mut conn, &q, at, cursor.as_ref(), CUSTOMER_PAGE_SIZE).await?;
    if call.actor.holds(Permission::SalesFundsView) {
        with_balances(&mut conn, &mut found.rows).await?;
    }
    // A single page needs no count; otherwise count, stopping past the cap.
    let total = if !found.has_before && !found.has_after {
        found.rows.len() as i64
    } else {
        count(&mut conn, &q, Some(COUNT_CAP + 1)).await?
    };
    let assigned_only = q.assigned_only();
    let managers = if assigned_only || indirect {
        vec![]
    } else {
        partner_list(call, &mut conn, PartnerList::Managers, own_partner).await?
    };
    let resellers = if assigned_only {
        vec![]
    } else {
        partner_list(call, &mut conn, PartnerList::Resellers, own_partner).await?
    };
    let cursor_at = |row: Option<&super::CustomerRow>| {
        row.and_then(|r| cursor_of(r, q.order)).map(|c| c.encode())
    };
    Ok(CustomerPage {
        before: cursor_at(found.rows.first()).filter(|_| found.has_before),
        after: cursor_at(found.rows.last()).filter(|_| found.has_after),
        can_assign: !indirect && call.actor.holds(Permission::SalesCustomersAssign),
        can_allocate: !indirect && call.actor.holds(Permission::SalesFundsAllocate),
        can_reclaim: !indirect && call.actor.holds(Permission::SalesFundsReclaim),
        can_issue: !indirect && call.actor.holds(Permission::SalesCouponsIssue),
        resellers,
        total,
        rows: found.rows,
        managers,
    })
}
