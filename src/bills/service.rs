//! The partner bill page: a month's bill (stored once made, an estimate until then) by customer
//! or by product, with the line that reconciles it with the month's records.

use super::{store, BillMonth, PartnerBill};
use crate::consumption::query::{self, Detail, Reach, Search};
use crate::consumption::rules::oldest_cycle;
use crate::consumption::{Grouping, PAGE_SIZE};
use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use crate::core::time::{BillingCycle, Day};
use crate::server::Call;

/// The bill of `cycle` (default: the newest month with records) grouped `by` customer or product.
/// The bill is the whole partner's: a member whose scope is its assigned customers is refused.
pub async fn partner_bill(
    call: &Call,
    cycle: Option<&str>,
    by: Option<&str>,
    page: u32,
) -> Result<PartnerBill, AppError> {
    let partner = call.actor.require(Permission::SalesBillsView)?;
    if call.actor.assigned_to().is_some() {
        return Err(AppError::Forbidden);
    }
    let by = match by.map(str::trim).filter(|b| !b.is_empty()) {
        None => Grouping::Customer,
        Some(code) => Grouping::parse(code)
            .filter(|g| *g != Grouping::Month)
            .ok_or_else(|| AppError::field("by", Msg::ErrBadChoice))?,
    };
    let now = call.now();
    let oldest = oldest_cycle(now);
    let mut conn = call.pool().acquire().await?;
    let months = store::months(&mut conn, partner, oldest.first_day().date()).await?;
    let cycle = match cycle.map(str::trim).filter(|c| !c.is_empty()) {
        Some(text) => {
            let c = BillingCycle::parse(text).map_err(|t| AppError::field("cycle", t))?;
            if c < oldest {
                return Err(AppError::field("cycle", Msg::ErrBadChoice));
            }
            c
        }
        None => months
            .first()
            .and_then(|(m, _)| Day::new(*m))
            .map_or(BillingCycle::of(Day::of(now)), BillingCycle::of),
    };
    let first = cycle.first_day().date();
    let made_at = store::billed_at(&mut conn, first).await?;
    let search = Search {
        reach: Reach {
            partner,
            manager: None,
        },
        cycles: (first, first),
        customer: None,
        mode: None,
        service_type: None,
        charge_modes: None,
        hide_zero: false,
        detail: Detail::default(),
        billed: made_at.is_some(),
    };
    let page = page.clamp(1, 500);
    let (rows, totals, total) = query::summary(
        &mut conn,
        &search,
        by,
        i64::from(PAGE_SIZE),
        i64::from((page - 1) * PAGE_SIZE),
    )
    .await?;
    Ok(PartnerBill {
        cycle: cycle.to_string(),
        months: months
            .into_iter()
            .map(|(m, closed)| BillMonth {
                cycle: m.format("%Y-%m").to_string(),
                billed: closed.is_some(),
            })
            .collect(),
        made_at,
        by,
        rows,
        totals,
        records_due: store::records_due(&mut conn, partner, first).await?,
        page,
        page_size: PAGE_SIZE,
        total,
        as_of: crate::consumption::store::as_of(&mut conn).await?,
    })
}
