//! Times are stored in UTC and shown in the user's zone (Beijing time, UTC+8, by default).
//!
//! Calendar days and billing cycles a user types are parsed into [`Day`] and [`BillingCycle`],
//! bounded to 2000–2100: within those years Beijing time has no daylight saving (China's ended in
//! 1991), so every day starts at exactly one instant, and no arithmetic on them can overflow.

use super::i18n::{Msg, Text};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// `2026-11-23 11:05` in Beijing time. Written field by field: a format string is parsed again
/// on every call, and long lists show a time on every row.
pub fn format_local(at: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let local = at.with_timezone(&DEFAULT_ZONE);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// `2026-11-23` in Beijing time.
pub fn format_local_date(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&DEFAULT_ZONE);
    format!(
        "{:04}-{:02}-{:02}",
        local.year(),
        local.month(),
        local.day()
    )
}

/// The Beijing calendar day of an instant.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&DEFAULT_ZONE).date_naive()
}

/// A calendar day in Beijing time between [`Day::FIRST`] and [`Day::LAST`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(NaiveDate);

impl Day {
    pub const FIRST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    };
    pub const LAST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
        Some(d) => d,
        None => NaiveDate::MAX,
    };

    /// `YYYY-MM-DD`, within the bounds.
    pub fn parse(input: &str) -> Result<Day, Text> {
        let s = input.trim();
        // chrono accepts signs and long years ("+262142-12-31"); a day is exactly 10 characters.
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(Msg::ErrBadDate.into());
        }
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Msg::ErrBadDate)?;
        Day::new(date).ok_or_else(bounds_error)
    }

    /// An optional day: empty or absent means none.
    pub fn parse_optional(input: Option<&str>) -> Result<Option<Day>, Text> {
        match input.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Day::parse(s).map(Some),
        }
    }

    pub fn new(date: NaiveDate) -> Option<Day> {
        (Day::FIRST..=Day::LAST)
            .contains(&date)
            .then_some(Day(date))
    }

    /// The Beijing day of an instant, clamped into the bounds.
    pub fn of(at: DateTime<Utc>) -> Day {
        Day(local_day(at).clamp(Day::FIRST, Day::LAST))
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// The UTC instant at which this day starts in Beijing.
    pub fn start(self) -> DateTime<Utc> {
        zone_midnight(self.0)
    }

    /// The instant the day after this one starts: the exclusive end of "up to and including".
    pub fn end(self) -> DateTime<Utc> {
        zone_midnight(self.0 + Duration::days(1))
    }

    /// `days` earlier, stopping at the first day.
    pub fn minus_days(self, days: i64) -> Day {
        let earlier = self
            .0
            .checked_sub_signed(Duration::days(days))
            .unwrap_or(Day::FIRST);
        Day(earlier.max(Day::FIRST))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// The UTC instant of a Beijing midnight. Within [`Day`]'s bounds it always exists; outside
/// (only reachable from code, never from input) a missing midnight falls back to UTC+8.
fn zone_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    match DEFAULT_ZONE.from_local_datetime(&midnight).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => midnight
            .checked_sub_signed(Duration::hours(8))
            .map_or(DateTime::<Utc>::MIN_UTC, |utc| utc.and_utc()),
    }
}

fn bounds_error() -> Text {
    Text::new(Msg::ErrDateRange)
        .arg("first", Day(Day::FIRST))
        .arg("last", Day(Day::LAST))
}

/// A billing cycle (账期), a calendar month `YYYY-MM` within [`Day`]'s years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BillingCycle {
    year: i32,
    month: u32,
}

impl BillingCycle {
    pub fn parse(input: &str) -> Result<BillingCycle, Text> {
        let s = input.trim();
        let shaped = s.len() == 7
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(Msg::ErrBadCycle.into());
        }
        let (year, month) = (s[..4].parse::<i32>(), s[5..].parse::<u32>());
        match (year, month) {
            (Ok(year), Ok(month)) if (1..=12).contains(&month) => {
                if (Day::FIRST.year()..=Day::LAST.year()).contains(&year) {
                    Ok(BillingCycle { year, month })
                } else {
                    Err(bounds_error())
                }
            }
            _ => Err(Msg::ErrBadCycle.into()),
        }
    }

    /// The cycle of a Beijing day.
    pub fn of(day: Day) -> BillingCycle {
        BillingCycle {
            year: day.0.year(),
            month: day.0.month(),
        }
    }

    pub fn first_day(self) -> Day {
        Day(NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(Day::FIRST))
    }

    /// The next cycle (December's is January of the next year), staying within the bounds.
    pub fn next(self) -> BillingCycle {
        let next = if self.month == 12 {
            BillingCycle {
                year: self.year + 1,
                month: 1,
            }
        } else {
            BillingCycle {
                year: self.year,
                month: self.month + 1,
            }
        };
        if next.year > Day::LAST.year() {
            self
        } else {
            next
        }
    }

    /// The previous cycle (January's is December of the year before), staying within the bounds.
    pub fn previous(self) -> BillingCycle {
        let previous = if self.month == 1 {
            BillingCycle {
                year: self.year - 1,
                month: 12,
            }
        } else {
            BillingCycle {
                year: self.year,
                month: self.month - 1,
            }
        };
        if previous.year < Day::FIRST.year() {
            self
        } else {
            previous
        }
    }

    /// Months from `self` to `later` (0 for the same cycle; negative when `later` is earlier).
    pub fn months_until(self, later: BillingCycle) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }

    /// The instants the cycle starts and ends (exclusive), in Beijing time.
    pub fn span(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.first_day().start(), self.next().first_day().start())
    }
}

impl fmt::Display for BillingCycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn beijing_is_eight_hours_ahead() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 17, 30, 0).unwrap();
        assert_eq!(format_local(at), "2026-11-23 01:30");
        assert_eq!(format_local_date(at), "2026-11-23");
        assert_eq!(
            local_day(at),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            day("2026-11-23").start(),
            Utc.with_ymd_and_hms(2026, 11, 22, 16, 0, 0).unwrap()
        );
        assert_eq!(
            day("2026-11-23").end(),
            Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap()
        );
    }

    #[test]
    fn days_outside_the_bounds_are_refused_not_panicked_on() {
        // A Beijing midnight that never existed (daylight saving in 1940), a year past chrono's
        // comfort, signs and odd shapes: each a field error.
        for bad in [
            "1940-06-01",
            "1999-12-31",
            "2101-01-01",
            "+262142-12-31",
            "-0001-01-01",
            "2026-13-01",
            "2026-02-30",
            "23/11/2026",
            "2026-1-1",
            "",
            "２０２６-01-01",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Day::parse("1940-06-01").unwrap_err().msg, Msg::ErrDateRange);
        assert_eq!(Day::parse("2026-13-01").unwrap_err().msg, Msg::ErrBadDate);
    }

    #[test]
    fn every_bounded_day_has_a_start_and_an_end() {
        let mut d = Day(Day::FIRST);
        while d.0 <= Day::LAST {
            assert!(d.start() < d.end());
            assert_eq!(d.end() - d.start(), Duration::hours(24));
            d = Day(d.0 + Duration::days(1));
        }
    }

    #[test]
    fn a_midnight_that_never_existed_falls_back_to_utc_plus_8() {
        let gap = NaiveDate::from_ymd_opt(1940, 6, 1).unwrap();
        assert_eq!(
            zone_midnight(gap),
            Utc.with_ymd_and_hms(1940, 5, 31, 16, 0, 0).unwrap()
        );
    }

    #[test]
    fn optional_days_and_clamping() {
        assert_eq!(Day::parse_optional(None), Ok(None));
        assert_eq!(Day::parse_optional(Some(" ")), Ok(None));
        assert_eq!(day("2000-01-05").minus_days(30).date(), Day::FIRST);
        assert_eq!(day("2026-11-23").minus_days(6).to_string(), "2026-11-17");
    }

    #[test]
    fn billing_cycles_are_months_within_the_bounds() {
        let c = BillingCycle::parse("2026-12").unwrap();
        assert_eq!(c.to_string(), "2026-12");
        assert_eq!(c.next().to_string(), "2027-01");
        assert_eq!(c.months_until(BillingCycle::parse("2027-11").unwrap()), 11);
        assert_eq!(c.span().0, day("2026-12-01").start());
        assert_eq!(c.span().1, day("2027-01-01").start());
        assert_eq!(BillingCycle::of(day("2026-11-30")).to_string(), "2026-11");
        for bad in [
            "2026-13", "2026-00", "1999-12", "2026/11", "2026-1", "abcd-ef", "",
        ] {
            assert!(BillingCycle::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            BillingCycle::parse("2100-12").unwrap().next().to_string(),
            "2100-12"
        );
    }
}
