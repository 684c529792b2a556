//! Times are stored in UTC and shown in the user's zone (Beijing time, UTC+8, by default).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// `2026-11-23 11:05` in Beijing time.
pub fn format_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&DEFAULT_ZONE)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn format_local_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&DEFAULT_ZONE)
        .format("%Y-%m-%d")
        .to_string()
}

/// The UTC instant at which a Beijing calendar day starts.
pub fn local_day_start(day: NaiveDate) -> DateTime<Utc> {
    DEFAULT_ZONE
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("Beijing time has no daylight saving")
        .with_timezone(&Utc)
}

/// The Beijing calendar day of an instant.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&DEFAULT_ZONE).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_eight_hours_ahead() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 17, 30, 0).unwrap();
        assert_eq!(format_local(at), "2026-11-23 01:30");
        assert_eq!(
            local_day(at),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            local_day_start(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            Utc.with_ymd_and_hms(2026, 11, 22, 16, 0, 0).unwrap()
        );
    }
}
