//! Consumption's checks: the filters parsed into a search, the caller's reach (its partner, a
//! customer manager's own customers, a supervisor's chosen manager), then the query. Reads
//! only; loads are in `load`.

use super::query::{self, Reach, Search};
use super::rules::{Period, PeriodError};
use super::{
    Choice, ConsumptionFilter, Figures, Grouping, MyBills, RecordPage, SummaryPage, PAGE_SIZE,
};
use crate::core::error::{AppError, FieldErrors, Rule};
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use crate::core::time::BillingCycle;
use crate::server::Call;
use sqlx::PgConnection;
use uuid::Uuid;

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The refusal of a period: a field's message, or the one-year rule (`CBC.80021021`).
pub fn period_error(e: PeriodError) -> AppError {
    match e {
        PeriodError::Field(field, text) => AppError::field(field, text),
        PeriodError::SpanTooLong => Rule::SpanTooLong.refuse(Msg::ErrSpanTooLong),
    }
}

/// Who the caller may read for: its partner (or `partner`, a reseller the API checked), and
/// the manager whose customers bound it. A customer manager is bounded to itself; a customer
/// manager supervisor must name one manager of its partner; others may narrow to one.
pub async fn reach(
    conn: &mut PgConnection,
    call: &Call,
    reseller: Option<Uuid>,
    manager: Option<&str>,
) -> Result<Reach, AppError> {
    let own = call.actor.require(Permission::SalesConsumptionView)?;
    let partner = reseller.unwrap_or(own);
    if let Some(me) = call.actor.assigned_to() {
        return Ok(Reach {
            partner,
            manager: Some(me),
        });
    }
    let supervisor = match call.actor.member_id() {
        Some(member) => query::is_supervisor(conn, member).await?,
        None => false,
    };
    let manager = match manager {
        None if supervisor => return Err(AppError::field("manager", Msg::ErrPickManager)),
        None => None,
        Some(text) => {
            let id =
                Uuid::parse_str(text).map_err(|_| AppError::field("manager", Msg::ErrBadChoice))?;
            let known = query::managers(conn, own).await?;
            if !known.iter().any(|(m, _)| *m == id) || reseller.is_some_and(|r| r != own) {
                return Err(AppError::field("manager", Msg::ErrBadChoice));
            }
            Some(id)
        }
    };
    Ok(Reach { partner, manager })
}

/// The filters checked and the caller's reach: a search.
pub async fn search(
    conn: &mut PgConnection,
    call: &Call,
    filter: &ConsumptionFilter,
    reseller: Option<Uuid>,
) -> Result<(Search, Period), AppError> {
    let period = Period::parse(filter.from.as_deref(), filter.to.as_deref(), call.now())
        .map_err(period_error)?;
    let mut errors = FieldErrors::new();
    let mode = match given(&filter.mode) {
        None => None,
        Some("consulting") => Some("consulting".to_string()),
        Some("resale") => Some("resale".to_string()),
        Some(_) => {
            errors.add("mode", Msg::ErrBadChoice);
            None
        }
    };
    let service_type = given(&filter.service_type).map(str::to_string);
    if service_type
        .as_deref()
        .is_some_and(|t| t.chars().count() > 64 || t.chars().any(char::is_control))
    {
        errors.add("service_type", Msg::ErrBadChoice);
    }
    let charge_mode = match given(&filter.charge_mode) {
        None => None,
        Some(code) => match code.parse().ok().and_then(super::ChargeMode::from_code) {
            Some(m) => Some(m.code()),
            None => {
                errors.add("charge_mode", Msg::ErrBadChoice);
                None
            }
        },
    };
    let customer = given(&filter.customer).map(str::to_string);
    if customer
        .as_deref()
        .is_some_and(|c| c.chars().count() > 64 || c.chars().any(char::is_control))
    {
        errors.add("customer", Msg::ErrBadId);
    }
    errors.into_result()?;
    let reach = reach(conn, call, reseller, given(&filter.manager)).await?;
    // A customer named by id or account name; one that matches nobody matches no record.
    let customer = match customer {
        None => None,
        Some(text) => Some(match Uuid::parse_str(&text) {
            Ok(id) => id,
            Err(_) => crate::partners::store::counterpart_by_name(conn, reach.partner, &text)
                .await?
                .unwrap_or(Uuid::nil()),
        }),
    };
    Ok((
        Search {
            reach,
            cycles: period.bounds(),
            customer,
            mode,
            service_type,
            charge_modes: charge_mode.map(|m| vec![m]),
            hide_zero: given(&filter.show_zero) != Some("1"),
            detail: query::Detail::default(),
            billed: false,
        },
        period,
    ))
}

/// The managers a supervisor picks from (nobody else is offered the choice).
pub async fn manager_choices(
    conn: &mut PgConnection,
    call: &Call,
) -> Result<Vec<Choice>, AppError> {
    let (Ok(partner), None, Some(member)) = (
        call.actor.require_partner(),
        call.actor.assigned_to(),
        call.actor.member_id(),
    ) else {
        return Ok(vec![]);
    };
    if !query::is_supervisor(conn, member).await? {
        return Ok(vec![]);
    }
    Ok(query::managers(conn, partner)
        .await?
        .into_iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name,
        })
        .collect())
}

/// Whether the page must first ask a supervisor to pick a manager (only supervisors are offered
/// managers to pick from).
pub fn must_pick(managers: &[Choice], filter: &ConsumptionFilter) -> bool {
    !managers.is_empty() && given(&filter.manager).is_none()
}

/// The period a page shows while it waits for a manager to be picked.
pub fn period_only(call: &Call, filter: &ConsumptionFilter) -> Result<Period, AppError> {
    Period::parse(filter.from.as_deref(), filter.to.as_deref(), call.now()).map_err(period_error)
}

/// The page asked for, within `1..=last`, and its offset.
fn page_of(filter: &ConsumptionFilter, last: u32) -> (u32, i64) {
    let page = filter.page.unwrap_or(1).clamp(1, last);
    (page, i64::from((page - 1) * PAGE_SIZE))
}

/// What a summary's rows are, as the filter names them (by customer when it names none).
pub fn grouping_of(filter: &ConsumptionFilter) -> Result<Grouping, AppError> {
    given(&filter.group)
        .map(|g| Grouping::parse(g).ok_or_else(|| AppError::field("group", Msg::ErrBadChoice)))
        .transpose()
        .map(|g| g.unwrap_or(Grouping::Customer))
}

/// The summary page (by customer, product or month).
pub async fn summary(call: &Call, filter: &ConsumptionFilter) -> Result<SummaryPage, AppError> {
    let mut conn = call.pool().acquire().await?;
    let group = grouping_of(filter)?;
    let managers = manager_choices(&mut conn, call).await?;
    let (page, offset) = page_of(filter, 500);
    if must_pick(&managers, filter) {
        let period = period_only(call, filter)?;
        return Ok(SummaryPage {
            pick_manager: true,
            group,
            from: period.from.to_string(),
            to: period.to.to_string(),
            rows: vec![],
            totals: Figures::default(),
            page,
            page_size: PAGE_SIZE,
            total: 0,
            managers,
            as_of: None,
        });
    }
    let (s, period) = search(&mut conn, call, filter, None).await?;
    let (version, as_of) = super::store::version(&mut conn).await?;
    let how = (group, i64::from(PAGE_SIZE), offset);
    let summary = super::figures::summary(call, &mut conn, &s, how, version).await?;
    let (rows, totals, total) = summary.as_ref().clone();
    Ok(SummaryPage {
        pick_manager: false,
        group,
        from: period.from.to_string(),
        to: period.to.to_string(),
        rows,
        totals,
        page,
        page_size: PAGE_SIZE,
        total,
        managers,
        as_of,
    })
}

/// One record more than the page pages through tells it there are more.
const RECORD_PAGES_CAP: i64 = (super::RECORD_PAGES * PAGE_SIZE) as i64 + 1;

/// The detail records page.
pub async fn records(call: &Call, filter: &ConsumptionFilter) -> Result<RecordPage, AppError> {
    let mut conn = call.pool().acquire().await?;
    let managers = manager_choices(&mut conn, call).await?;
    let (page, offset) = page_of(filter, super::RECORD_PAGES);
    if must_pick(&managers, filter) {
        let period = period_only(call, filter)?;
        return Ok(RecordPage {
            pick_manager: true,
            from: period.from.to_string(),
            to: period.to.to_string(),
            rows: vec![],
            page,
            page_size: PAGE_SIZE,
            total: 0,
            managers,
            as_of: None,
        });
    }
    let (s, period) = search(&mut conn, call, filter, None).await?;
    let (rows, total) = query::records(
        &mut conn,
        &s,
        (i64::from(PAGE_SIZE), offset),
        RECORD_PAGES_CAP,
    )
    .await?;
    Ok(RecordPage {
        pick_manager: false,
        from: period.from.to_string(),
        to: period.to.to_string(),
        rows,
        page,
        page_size: PAGE_SIZE,
        total,
        managers,
        as_of: super::store::as_of(&mut conn).await?,
    })
}

/// The signed-in customer's own bills: its months, one month's services and records.
pub async fn my_bills(call: &Call, cycle: Option<&str>, page: u32) -> Result<MyBills, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let months = query::my_months(&mut conn, customer).await?;
    let cycle = match cycle.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => BillingCycle::parse(c).map_err(|t| AppError::field("cycle", t))?,
        None => match months.first() {
            Some(m) => BillingCycle::parse(&m.key).map_err(|t| AppError::field("cycle", t))?,
            None => BillingCycle::of(crate::core::time::Day::of(call.now())),
        },
    };
    let first = cycle.first_day().date();
    let page = page.clamp(1, 500);
    let by_service = query::my_services(&mut conn, customer, first).await?;
    let (records, total) = query::my_records(
        &mut conn,
        customer,
        first,
        i64::from(PAGE_SIZE),
        i64::from((page - 1) * PAGE_SIZE),
    )
    .await?;
    Ok(MyBills {
        months,
        cycle: cycle.to_string(),
        by_service,
        records,
        page,
        page_size: PAGE_SIZE,
        total,
        as_of: super::store::as_of(&mut conn).await?,
    })
}
