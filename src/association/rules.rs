//! The association rules, free of IO: who may join a partner through a link, and how often a
//! customer may ask to leave.

pub use crate::invitations::rules::{Ineligibility, JOIN_WITHIN_DAYS};
use chrono::{DateTime, Duration, Months, Utc};
use rust_decimal::Decimal;

/// A customer may file one disassociation request per this many months.
pub const DISASSOCIATION_EVERY_MONTHS: u32 = 3;

/// What the rules need to know of a customer who already has an account.
#[derive(Clone, Debug)]
pub struct CustomerFacts {
    pub registered_at: DateTime<Utc>,
    /// The display name of its current partner, if it has one.
    pub current_partner: Option<String>,
    /// What it owes (欠款): unpaid bills keep it from joining a partner.
    pub debt: Decimal,
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
    if customer.debt > Decimal::ZERO {
        problems.push(Ineligibility::UnpaidBills {
            debt: customer.debt,
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

    #[test]
    fn unpaid_bills_keep_a_customer_from_joining() {
        let now = at(2026, 11, 23);
        let owing = CustomerFacts {
            registered_at: now,
            current_partner: None,
            debt: Decimal::new(1250, 2),
        };
        assert_eq!(
            customer_problems(&owing, now),
            vec![Ineligibility::UnpaidBills {
                debt: Decimal::new(1250, 2)
            }]
        );
    }

    #[test]
    fn registration_older_than_seven_days_is_refused() {
        let now = at(2026, 11, 23);
        let fresh = CustomerFacts {
            registered_at: now - Duration::days(7),
            current_partner: None,
            debt: Decimal::ZERO,
        };
        assert!(customer_problems(&fresh, now).is_empty());
        let old = CustomerFacts {
            registered_at: now - Duration::days(7) - Duration::seconds(1),
            current_partner: Some("云帆".into()),
            debt: Decimal::ZERO,
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
