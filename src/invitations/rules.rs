//! The rules of invitation links, free of IO: when a link still admits customers, and the
//! eligibility problems a join page lists, each with what fixes it.

use crate::core::i18n::{Msg, Text};
use crate::core::time::format_local_date;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A customer registered longer ago than this cannot join through a link (注册超过7天无法关联).
pub const JOIN_WITHIN_DAYS: i64 = 7;

/// One failed eligibility rule; its text says what fixes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ineligibility {
    LinkExpired,
    LinkRevoked,
    LinkUsedUp,
    AlreadyAssociated {
        partner: String,
    },
    RegisteredTooLongAgo {
        registered_at: DateTime<Utc>,
    },
    NoticeNotAccepted,
    /// The customer owes money (unpaid bills, 欠款).
    UnpaidBills {
        debt: rust_decimal::Decimal,
    },
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
            Ineligibility::UnpaidBills { debt } => Text::new(Msg::IneligibleUnpaidBills)
                .arg("amount", crate::core::money::format_yuan(*debt)),
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

/// The state a link is shown in: its first problem, if any.
pub fn link_state(link: &LinkFacts, now: DateTime<Utc>) -> super::LinkState {
    match link_problems(link, now).first() {
        None => super::LinkState::Active,
        Some(Ineligibility::LinkRevoked) => super::LinkState::Revoked,
        Some(Ineligibility::LinkUsedUp) => super::LinkState::UsedUp,
        Some(_) => super::LinkState::Expired,
    }
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
    fn a_links_state_is_its_first_problem() {
        assert_eq!(
            link_state(&link(), at(2026, 11, 30)),
            super::super::LinkState::Active
        );
        let used = LinkFacts { uses: 2, ..link() };
        assert_eq!(
            link_state(&used, at(2026, 11, 30)),
            super::super::LinkState::UsedUp
        );
        assert_eq!(
            link_state(&link(), at(2026, 12, 2)),
            super::super::LinkState::Expired
        );
    }
}
