//! When a month's bill is made: at 00:00 Beijing time (UTC+8) on the 5th of the next month, well
//! before the 12:00 the domain allows.

use crate::core::time::{BillingCycle, Day};
use chrono::{DateTime, Days, NaiveDate, Utc};

/// The day of the next month the bill is made on.
pub const BILL_DAY: u64 = 5;

/// The instant month `cycle` (its first day) is billed and closed to new records.
/// A month outside the years kept (or December 2100, whose next month is not) never closes.
pub fn closes_at_date(cycle: NaiveDate) -> DateTime<Utc> {
    let Some(first) = Day::new(cycle) else {
        return DateTime::<Utc>::MAX_UTC;
    };
    let this = BillingCycle::of(first);
    let next = this.next();
    if next == this {
        return DateTime::<Utc>::MAX_UTC;
    }
    next.first_day()
        .date()
        .checked_add_days(Days::new(BILL_DAY - 1))
        .and_then(Day::new)
        .map_or(DateTime::<Utc>::MAX_UTC, Day::start)
}

pub fn closes_at(cycle: BillingCycle) -> DateTime<Utc> {
    closes_at_date(cycle.first_day().date())
}

/// The latest month whose bill is due at `now`.
pub fn last_billable(now: DateTime<Utc>) -> BillingCycle {
    let previous = BillingCycle::of(Day::of(now)).previous();
    if closes_at(previous) <= now {
        previous
    } else {
        previous.previous()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_month_is_billed_at_midnight_beijing_on_the_fifth() {
        let november = BillingCycle::parse("2026-11").unwrap();
        // 00:00 on 5 December in Beijing is 16:00 on 4 December in UTC.
        assert_eq!(
            closes_at(november),
            Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap()
        );
        let december = BillingCycle::parse("2026-12").unwrap();
        assert_eq!(
            closes_at(december),
            Utc.with_ymd_and_hms(2027, 1, 4, 16, 0, 0).unwrap()
        );
    }

    #[test]
    fn the_last_billable_month_turns_over_on_the_fifth() {
        let before = Utc.with_ymd_and_hms(2026, 12, 4, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap();
        assert_eq!(last_billable(before).to_string(), "2026-10");
        assert_eq!(last_billable(after).to_string(), "2026-11");
    }
}
