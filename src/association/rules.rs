//! The association rules, free of IO: who may join a partner through a link, and how often a
//! customer may ask to leave.

use crate::core::i18n::{Msg, Text};
use crate::core::time::format_local_date;
use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

/// A customer registered longer ago than this cannot join through a link (注册超过7天无法关联).
pub const JOIN_WITHIN_DAYS: i64 = 7;
/// A customer may file one disassociation request per this many months.
pub const DISASSOCIATION_EVERY_MONTHS: u32 = 3;

/// One failed eligibility rule; its text says what fixes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ineligibility {
    LinkExpired,
    LinkRevoked,
    LinkUsedUp,
    AlreadyAssociated { partner: String },
    RegisteredTooLongAgo { registered_at: DateTime<Utc> },
    NoticeNotAccepted,
}

impl Ineligibility {
    pub fn text(&self) -> Text {
        match self {
            Ineligibility::LinkExpired => Msg::IneligibleLinkExpired.into(),
            Ineligibility::LinkRevoked => Msg::IneligibleLinkRevoked.into(),
            Ineligibility::LinkUsedUp => Msg::IneligibleLinkUsedUp.into(),
            Ineligibility::AlreadyAssociated { partner } => {
                Text::new(Msg::IneligibleAlreadyAssociated).arg("partner", partner)
            }
            Ineligibility::RegisteredTooLongAgo { registered_at } => {
                Text::new(Msg::IneligibleRegisteredLongAgo)
                    .arg("date", format_local_date(*registered_at))
                    .arg("days", JOIN_WITHIN_DAYS)
            }
            Ineligibility::NoticeNotAccepted => Msg::IneligibleNoticeNotAccepted.into(),
        }
    }
}

/// What the rules need to know of an invitation link.
#[derive(Clone, Debug)]
pub struct LinkFacts {
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
    pub max_uses: Option<i32>,
    pub uses: i32,
}

/// What the rules need to know of a customer who already has an account.
#[derive(Clone, Debug)]
pub struct CustomerFacts {
    pub registered_at: DateTime<Utc>,
    /// The display name of its current partner, if it has one.
    pub current_partner: Option<String>,
}

/// The link's own problems, which apply to new and existing customers alike.
pub fn link_problems(link: &LinkFacts, now: DateTime<Utc>) -> Vec<Ineligibility> {
    let mut problems = Vec::new();
    if link.revoked {
        problems.push(Ineligibility::LinkRevoked);
    }
    if now >= link.expires_at {
        problems.push(Ineligibility::LinkExpired);
    }
    if link.max_uses.is_some_and(|max| link.uses >= max) {
        problems.push(Ineligibility::LinkUsedUp);
    }
    problems
}

/// An existing customer's problems.
pub fn customer_problems(customer: &CustomerFacts, now: DateTime<Utc>) -> Vec<Ineligibility> {
    let mut problems = Vec::new();
    if let Some(partner) = &customer.current_partner {
        problems.push(Ineligibility::AlreadyAssociated {
            partner: partner.clone(),
        });
    }
    if now - customer.registered_at > Duration::days(JOIN_WITHIN_DAYS) {
        problems.push(Ineligibility::RegisteredTooLongAgo {
            registered_at: customer.registered_at,
        });
    }
    problems
}

/// When a customer whose last own disassociation request was filed at `last` may file the next.
/// `None`: it may file now.
pub fn next_disassociation_request(
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let next = last?.checked_add_months(Months::new(DISASSOCIATION_EVERY_MONTHS))?;
    (now < next).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 4, 0, 0).unwrap()
    }

    fn link() -> LinkFacts {
        LinkFacts {
            expires_at: at(2026, 12, 1),
            revoked: false,
            max_uses: Some(2),
            uses: 1,
        }
    }

    #[test]
    fn a_live_link_has_no_problems() {
        assert!(link_problems(&link(), at(2026, 11, 30)).is_empty());
        let unlimited = LinkFacts {
            max_uses: None,
            uses: 1000,
            ..link()
        };
        assert!(link_problems(&unlimited, at(2026, 11, 30)).is_empty());
    }

    #[test]
    fn every_link_problem_is_reported() {
        let dead = LinkFacts {
            revoked: true,
            uses: 2,
            ..link()
        };
        assert_eq!(
            link_problems(&dead, at(2026, 12, 1)),
            vec![
                Ineligibility::LinkRevoked,
                Ineligibility::LinkExpired,
                Ineligibility::LinkUsedUp
            ]
        );
    }

    #[test]
    fn registration_older_than_seven_days_is_refused() {
        let now = at(2026, 11, 23);
        let fresh = CustomerFacts {
            registered_at: now - Duration::days(7),
            current_partner: None,
        };
        assert!(customer_problems(&fresh, now).is_empty());
        let old = CustomerFacts {
            registered_at: now - Duration::days(7) - Duration::seconds(1),
            current_partner: Some("云帆".into()),
        };
        assert_eq!(
            customer_problems(&old, now),
            vec![
                Ineligibility::AlreadyAssociated {
                    partner: "云帆".into()
                },
                Ineligibility::RegisteredTooLongAgo {
                    registered_at: old.registered_at
                }
            ]
        );
    }

    #[test]
    fn one_customer_request_per_three_months() {
        assert_eq!(next_disassociation_request(None, at(2026, 11, 23)), None);
        let last = at(2026, 8, 31);
        assert_eq!(
            next_disassociation_request(Some(last), at(2026, 11, 29)),
            Some(at(2026, 11, 30))
        );
        assert_eq!(
            next_disassociation_request(Some(last), at(2026, 11, 30)),
            None
        );
    }
}
