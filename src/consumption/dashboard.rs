//! The consumption dashboard (消费看板): totals, month over month, the months' trend, the top
//! customers and the spend by product, for the same filters and reach as the summary.

use super::figures::summary;
use super::service::{manager_choices, must_pick, period_only, search};
use super::{ConsumptionFilter, Dashboard, Figures, Grouping};
use crate::core::error::AppError;
use crate::core::time::{BillingCycle, Day};
use crate::server::Call;
use rust_decimal::Decimal;

/// Months the dashboard shows when the filter names none (the current one included).
const DEFAULT_MONTHS: usize = 6;

/// The change from `previous` to `current` in per cent, to one place; none from nothing.
pub fn change_percent(previous: Decimal, current: Decimal) -> Option<Decimal> {
    (!previous.is_zero()).then(|| {
        ((current - previous) * Decimal::ONE_HUNDRED / previous)
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}

pub async fn dashboard(call: &Call, filter: &ConsumptionFilter) -> Result<Dashboard, AppError> {
    let mut filter = filter.clone();
    let named = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if !named(&filter.from) && !named(&filter.to) {
        let current = BillingCycle::of(Day::of(call.now()));
        let mut from = current;
        for _ in 1..DEFAULT_MONTHS {
            from = from.previous();
        }
        filter.from = Some(from.to_string());
        filter.to = Some(current.to_string());
    }
    let mut conn = call.pool().acquire().await?;
    let managers = manager_choices(&mut conn, call).await?;
    if must_pick(&managers, &filter) {
        let period = period_only(call, &filter)?;
        return Ok(Dashboard {
            pick_manager: true,
            from: period.from.to_string(),
            to: period.to.to_string(),
            totals: Figures::default(),
            customers: 0,
            this_month: Decimal::ZERO,
            last_month: Decimal::ZERO,
            change: None,
            months: vec![],
            top_customers: vec![],
            products: vec![],
            managers,
            as_of: None,
        });
    }
    let (s, period) = search(&mut conn, call, &filter, None).await?;
    let (version, as_of) = super::store::version(&mut conn).await?;
    let mut part = async |group, limit| {
        let summary = summary(call, &mut conn, &s, (group, limit, 0), version).await?;
        Ok::<_, AppError>(summary.as_ref().clone())
    };
    let (months, totals, _) = part(Grouping::Month, 12).await?;
    let (top_customers, _, customers) = part(Grouping::Customer, 10).await?;
    let (products, _, _) = part(Grouping::Product, 50).await?;
    // The last month of the period against the one before it (zero when a month had nothing).
    let due_of = |cycle: BillingCycle| {
        let key = cycle.to_string();
        months
            .iter()
            .find(|m| m.key == key)
            .map_or(Decimal::ZERO, |m| m.figures.due())
    };
    let this_month = due_of(period.to);
    let last_month = due_of(period.to.previous());
    Ok(Dashboard {
        pick_manager: false,
        from: period.from.to_string(),
        to: period.to.to_string(),
        totals,
        customers,
        this_month,
        last_month,
        change: change_percent(last_month, this_month),
        months,
        top_customers,
        products,
        managers,
        as_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_over_month_is_a_percentage_of_the_month_before() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(change_percent(d("200"), d("250")), Some(d("25.0")));
        assert_eq!(change_percent(d("300"), d("200")), Some(d("-33.3")));
        assert_eq!(change_percent(d("0"), d("10")), None);
    }
}
