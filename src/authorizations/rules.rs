//! Authorization rules, free of IO: scopes, when a request expires, how far its end date reaches.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::core::i18n::Msg;

/// A pending request not answered within this many days expires.
pub const PENDING_DAYS: i64 = 90;
/// An authorization ends at most this many months after it was requested.
pub const MAX_MONTHS: u32 = 24;

/// What a partner may do under an authorization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    ViewResources,
    ManageResources,
    ManageOrders,
    ViewBills,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::ViewResources,
        Scope::ManageResources,
        Scope::ManageOrders,
        Scope::ViewBills,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scope::ViewResources => "view_resources",
            Scope::ManageResources => "manage_resources",
            Scope::ManageOrders => "manage_orders",
            Scope::ViewBills => "view_bills",
        }
    }

    pub fn from_code(code: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Scope::ViewResources => Msg::ScopeViewResources,
            Scope::ManageResources => Msg::ScopeManageResources,
            Scope::ManageOrders => Msg::ScopeManageOrders,
            Scope::ViewBills => Msg::ScopeViewBills,
        }
    }
}

/// The status as users see it: stored status, with time applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorizationStatus {
    Pending,
    Approved,
    Rejected,
    Revoked,
    Expired,
}

impl AuthorizationStatus {
    pub fn label(self) -> Msg {
        match self {
            AuthorizationStatus::Pending => Msg::AuthPending,
            AuthorizationStatus::Approved => Msg::AuthApproved,
            AuthorizationStatus::Rejected => Msg::AuthRejected,
            AuthorizationStatus::Revoked => Msg::AuthRevoked,
            AuthorizationStatus::Expired => Msg::AuthExpired,
        }
    }
}

/// A pending request expires 90 days after it was filed; an approved one at its end.
pub fn effective_status(
    stored: &str,
    requested_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AuthorizationStatus {
    match stored {
        "pending" if now >= requested_at + Duration::days(PENDING_DAYS) => {
            AuthorizationStatus::Expired
        }
        "pending" => AuthorizationStatus::Pending,
        "approved" if now >= ends_at => AuthorizationStatus::Expired,
        "approved" => AuthorizationStatus::Approved,
        "rejected" => AuthorizationStatus::Rejected,
        _ => AuthorizationStatus::Revoked,
    }
}

/// Why an end date is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndDateError {
    NotInFuture,
    TooFar,
}

/// The end date (a calendar day, inclusive) must be after `today` and at most 2 years away.
pub fn check_end_date(ends_on: NaiveDate, today: NaiveDate) -> Result<(), EndDateError> {
    let latest = today
        .checked_add_months(Months::new(MAX_MONTHS))
        .unwrap_or(today);
    if ends_on <= today {
        Err(EndDateError::NotInFuture)
    } else if ends_on > latest {
        Err(EndDateError::TooFar)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn pending_requests_expire_after_ninety_days() {
        let filed = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let end = filed + Duration::days(365);
        let s = |now| effective_status("pending", filed, end, now);
        assert_eq!(s(filed + Duration::days(89)), AuthorizationStatus::Pending);
        assert_eq!(s(filed + Duration::days(90)), AuthorizationStatus::Expired);
    }

    #[test]
    fn approved_ends_at_its_end_date() {
        let filed = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let end = filed + Duration::days(30);
        assert_eq!(
            effective_status("approved", filed, end, end - Duration::seconds(1)),
            AuthorizationStatus::Approved
        );
        assert_eq!(
            effective_status("approved", filed, end, end),
            AuthorizationStatus::Expired
        );
        assert_eq!(
            effective_status("revoked", filed, end, filed),
            AuthorizationStatus::Revoked
        );
    }

    #[test]
    fn end_date_within_two_years() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ok = NaiveDate::from_ymd_opt(2028, 11, 23).unwrap();
        assert_eq!(check_end_date(ok, today), Ok(()));
        assert_eq!(
            check_end_date(ok.succ_opt().unwrap(), today),
            Err(EndDateError::TooFar)
        );
        assert_eq!(check_end_date(today, today), Err(EndDateError::NotInFuture));
    }

    #[test]
    fn scope_codes_round_trip() {
        for s in Scope::ALL {
            assert_eq!(Scope::from_code(s.code()), Some(*s));
        }
        assert_eq!(Scope::from_code("everything"), None);
    }
}
