//! The arithmetic of accounts, free of IO: how an allocation settles debt, how a charge becomes
//! debt, and what a batch would do to each customer before anything is written.

use crate::core::money::Money;
use rust_decimal::Decimal;

/// A customer account as the rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerFunds {
    pub balance: Decimal,
    pub debt: Decimal,
}

/// What one movement does to a customer account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerChange {
    pub balance: Decimal,
    pub debt: Decimal,
}

impl CustomerFunds {
    pub fn after(self, change: CustomerChange) -> CustomerFunds {
        CustomerFunds {
            balance: self.balance + change.balance,
            debt: self.debt + change.debt,
        }
    }

    /// Money coming in (an allocation) pays the debt first; the rest is balance. A customer in
    /// debt stops being in debt as soon as its partner funds it.
    pub fn receive(self, amount: Money) -> CustomerChange {
        let settled = self.debt.min(amount.amount());
        CustomerChange {
            balance: amount.amount() - settled,
            debt: -settled,
        }
    }

    /// Money going out to the partner (a reclaim): only from the balance, never into debt.
    pub fn give_back(self, amount: Money) -> Option<CustomerChange> {
        (amount.amount() <= self.balance).then_some(CustomerChange {
            balance: -amount.amount(),
            debt: Decimal::ZERO,
        })
    }

    /// Spending (a charge): from the balance first; what the balance cannot cover is owed.
    pub fn spend(self, amount: Money) -> CustomerChange {
        let from_balance = self.balance.min(amount.amount());
        CustomerChange {
            balance: -from_balance,
            debt: amount.amount() - from_balance,
        }
    }
}

/// Allocate to customers, or reclaim from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    Allocate,
    Reclaim,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Allocate => "allocate",
            Direction::Reclaim => "reclaim",
        }
    }

    pub fn parse(code: &str) -> Option<Direction> {
        match code.trim() {
            "allocate" => Some(Direction::Allocate),
            "reclaim" => Some(Direction::Reclaim),
            _ => None,
        }
    }
}

/// A customer picked for a batch, as found within the caller's reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub resale: bool,
    pub funds: CustomerFunds,
}

/// Why one customer of a batch would not get its movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// Not a customer of the caller's (or outside a customer manager's scope).
    NotFound,
    NotResale,
    /// The partner's balance runs out before this customer.
    PartnerBalance,
    /// The customer holds less than the amount to reclaim.
    CustomerBalance,
    /// Another operation holds the customer's account.
    Busy,
}

/// What a batch would do: each customer's outcome in order, and the partner's balance after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub outcomes: Vec<Result<CustomerChange, Refusal>>,
    pub partner_after: Decimal,
    /// The sum that would move, over the customers that succeed.
    pub moved: Decimal,
}

/// Plans a batch in order: an allocation succeeds while the partner's balance lasts; a reclaim
/// succeeds where the customer holds the amount. The preview shows this plan, and applying the
/// batch follows the same rules customer by customer under locks (so a balance that changed
/// meanwhile gives the outcome of that moment, never an overdraft).
pub fn plan(
    direction: Direction,
    amount: Money,
    partner_balance: Decimal,
    candidates: &[Option<Candidate>],
) -> Plan {
    let mut partner = partner_balance;
    let mut moved = Decimal::ZERO;
    let outcomes = candidates
        .iter()
        .map(|candidate| {
            let c = candidate.as_ref().ok_or(Refusal::NotFound)?;
            if !c.resale {
                return Err(Refusal::NotResale);
            }
            let change = match direction {
                Direction::Allocate => {
                    if partner < amount.amount() {
                        return Err(Refusal::PartnerBalance);
                    }
                    partner -= amount.amount();
                    c.funds.receive(amount)
                }
                Direction::Reclaim => {
                    let change = c.funds.give_back(amount).ok_or(Refusal::CustomerBalance)?;
                    partner += amount.amount();
                    change
                }
            };
            moved += amount.amount();
            Ok(change)
        })
        .collect();
    Plan {
        outcomes,
        partner_after: partner,
        moved,
    }
}

/// A movement's id (交易流水号): the UTC second it happened and 10 random digits, e.g.
/// `20261129093015` + `4821590377`. Sortable by time and unguessable enough to be no handle.
pub fn trans_id(at: chrono::DateTime<chrono::Utc>, random: u64) -> String {
    format!(
        "{}{:010}",
        at.format("%Y%m%d%H%M%S"),
        random % 10_000_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn funds(balance: &str, debt: &str) -> CustomerFunds {
        CustomerFunds {
            balance: d(balance),
            debt: d(debt),
        }
    }

    #[test]
    fn an_allocation_settles_debt_first() {
        let c = funds("0", "30");
        let change = c.receive(m("100"));
        assert_eq!(c.after(change), funds("70", "0"));
        let small = c.receive(m("10.50"));
        assert_eq!(c.after(small), funds("0", "19.50"));
        assert_eq!(
            funds("5", "0").after(funds("5", "0").receive(m("1"))),
            funds("6", "0")
        );
    }

    #[test]
    fn a_reclaim_takes_only_what_the_balance_holds() {
        assert_eq!(funds("50", "0").give_back(m("50.01")), None);
        let c = funds("50", "0");
        assert_eq!(c.after(c.give_back(m("50")).unwrap()), funds("0", "0"));
    }

    #[test]
    fn a_charge_beyond_the_balance_becomes_debt() {
        let c = funds("20", "5");
        assert_eq!(c.after(c.spend(m("25.10"))), funds("0", "10.10"));
        assert_eq!(c.after(c.spend(m("3"))), funds("17", "5"));
    }

    #[test]
    fn every_change_conserves_money() {
        // balance − debt moves by exactly the amount, in the direction of the movement.
        let c = funds("12.34", "7.00");
        let net = |x: CustomerFunds| x.balance - x.debt;
        assert_eq!(net(c.after(c.receive(m("3.33")))), net(c) + d("3.33"));
        assert_eq!(net(c.after(c.spend(m("50")))), net(c) - d("50"));
        assert_eq!(
            net(c.after(c.give_back(m("12.34")).unwrap())),
            net(c) - d("12.34")
        );
    }

    fn resale(balance: &str) -> Option<Candidate> {
        Some(Candidate {
            resale: true,
            funds: funds(balance, "0"),
        })
    }

    #[test]
    fn an_allocation_batch_stops_where_the_partner_balance_runs_out() {
        let consulting = Some(Candidate {
            resale: false,
            funds: funds("0", "0"),
        });
        let p = plan(
            Direction::Allocate,
            m("40"),
            d("100"),
            &[resale("0"), None, consulting, resale("0"), resale("0")],
        );
        assert!(p.outcomes[0].is_ok());
        assert_eq!(p.outcomes[1], Err(Refusal::NotFound));
        assert_eq!(p.outcomes[2], Err(Refusal::NotResale));
        assert!(p.outcomes[3].is_ok());
        assert_eq!(p.outcomes[4], Err(Refusal::PartnerBalance));
        assert_eq!(p.partner_after, d("20"));
        assert_eq!(p.moved, d("80"));
    }

    #[test]
    fn a_reclaim_batch_refuses_customers_holding_less() {
        let p = plan(
            Direction::Reclaim,
            m("10"),
            d("0"),
            &[resale("10"), resale("9.99")],
        );
        assert!(p.outcomes[0].is_ok());
        assert_eq!(p.outcomes[1], Err(Refusal::CustomerBalance));
        assert_eq!(p.partner_after, d("10"));
    }

    #[test]
    fn trans_ids_carry_the_second_and_ten_digits() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:15Z")
            .unwrap()
            .to_utc();
        assert_eq!(trans_id(at, 42), "202611290930150000000042");
        assert_eq!(trans_id(at, u64::MAX).len(), 24);
    }
}
