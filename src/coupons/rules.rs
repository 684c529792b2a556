//! Coupon rules, free of IO: limits and validity inside the quota's, what an issue does to each
//! customer, and a quota's state.

use super::{CouponStatus, IssueRefusal, Limits, QuotaState};
use crate::core::i18n::{Msg, Text};
use crate::core::money::Money;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// At most this many service types, and as many products, limit a quota or a coupon.
pub const MAX_LIMIT_ITEMS: usize = 10;
const MAX_ITEM_CHARS: usize = 64;

/// A list of service types or product ids as typed: separated by commas, spaces or new lines;
/// each 1–64 characters of letters, digits and `. _ : -` (codes such as
/// `hws.service.type.ebs`); at most 10, each once.
pub fn parse_items(input: &str) -> Result<Vec<String>, Text> {
    let mut items: Vec<String> = Vec::new();
    for item in input
        .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        items_push(&mut items, item)?;
    }
    Ok(items)
}

/// The same rules for a list that arrived as a list (the API).
pub fn check_items(list: &[String]) -> Result<Vec<String>, Text> {
    let mut items = Vec::new();
    for item in list {
        items_push(&mut items, item.trim())?;
    }
    Ok(items)
}

fn items_push(items: &mut Vec<String>, item: &str) -> Result<(), Text> {
    let ok = !item.is_empty()
        && item.chars().count() <= MAX_ITEM_CHARS
        && item
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
    if !ok {
        return Err(
            Text::new(Msg::ErrLimitItem).arg("item", item.chars().take(64).collect::<String>())
        );
    }
    if !items.iter().any(|i| i == item) {
        items.push(item.to_string());
    }
    if items.len() > MAX_LIMIT_ITEMS {
        return Err(Text::new(Msg::ErrTooManyItems).arg("max", MAX_LIMIT_ITEMS));
    }
    Ok(())
}

/// Why a coupon's terms do not fit its quota; each names the form field it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Misfit {
    pub field: &'static str,
    pub text: Text,
}

fn misfit(field: &'static str, msg: Msg) -> Misfit {
    Misfit {
        field,
        text: msg.into(),
    }
}

/// A coupon's limits within its quota's: an empty list takes the quota's; a list of its own
/// must lie inside the quota's (when the quota limits at all); the minimum order is at least the
/// quota's; a quota for selected products only issues only such coupons. Returns the limits the
/// coupon carries.
pub fn limits_within(coupon: &Limits, quota: &Limits) -> Result<Limits, Vec<Misfit>> {
    let mut misfits = Vec::new();
    let pick = |own: &Vec<String>, outer: &Vec<String>, field, misfits: &mut Vec<Misfit>| {
        if own.is_empty() {
            outer.clone()
        } else {
            if !outer.is_empty() && own.iter().any(|i| !outer.contains(i)) {
                misfits.push(misfit(field, Msg::ErrLimitsBeyondQuota));
            }
            own.clone()
        }
    };
    let service_types = pick(
        &coupon.service_types,
        &quota.service_types,
        "service_types",
        &mut misfits,
    );
    let products = pick(&coupon.products, &quota.products, "products", &mut misfits);
    let min_order_amount = match (coupon.min_order_amount, quota.min_order_amount) {
        (Some(own), Some(outer)) if own < outer => {
            misfits.push(misfit("min_order_amount", Msg::ErrMinOrderBelowQuota));
            Some(own)
        }
        (own, outer) => own.or(outer),
    };
    if misfits.is_empty() {
        Ok(Limits {
            service_types,
            products,
            min_order_amount,
            selected_only: coupon.selected_only || quota.selected_only,
        })
    } else {
        Err(misfits)
    }
}

/// A coupon's validity within its quota's: it starts no earlier and ends no later, ends after it
/// starts, and has not ended yet. Unset ends take the quota's.
pub fn validity_within(
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    quota: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Vec<Misfit>> {
    let from = from.unwrap_or(quota.0.max(now));
    let until = until.unwrap_or(quota.1);
    let mut misfits = Vec::new();
    if from < quota.0 {
        misfits.push(misfit("valid_from", Msg::ErrValidityBeyondQuota));
    }
    if until > quota.1 {
        misfits.push(misfit("valid_until", Msg::ErrValidityBeyondQuota));
    }
    if until <= from {
        misfits.push(misfit("valid_until", Msg::ErrEndBeforeStart));
    } else if until <= now {
        misfits.push(misfit("valid_until", Msg::ErrEndDateFuture));
    }
    if misfits.is_empty() {
        Ok((from, until))
    } else {
        Err(misfits)
    }
}

/// A quota's state now.
pub fn quota_state(reclaimed: bool, valid_until: DateTime<Utc>, now: DateTime<Utc>) -> QuotaState {
    if reclaimed {
        QuotaState::Reclaimed
    } else if valid_until <= now {
        QuotaState::Expired
    } else {
        QuotaState::Normal
    }
}

/// Who would get a coupon of `face` from a quota holding `balance`: customers in order, while
/// the quota lasts; the unknown and the consulting ones get nothing. `candidates` holds, per
/// customer, whether it is resale (`None`: not the caller's).
pub fn issue_plan(
    face: Money,
    balance: Decimal,
    candidates: &[Option<bool>],
) -> (Vec<Result<(), IssueRefusal>>, Decimal) {
    let mut left = balance;
    let outcomes = candidates
        .iter()
        .map(|c| match c {
            None => Err(IssueRefusal::NotFound),
            Some(false) => Err(IssueRefusal::NotResale),
            Some(true) if left < face.amount() => Err(IssueRefusal::Quota),
            Some(true) => {
                left -= face.amount();
                Ok(())
            }
        })
        .collect();
    (outcomes, left)
}

/// A coupon's status now: a usable one past its end is expired, even before the expiry job
/// marks it.
pub fn status_at(
    stored: CouponStatus,
    valid_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CouponStatus {
    match stored {
        CouponStatus::Usable if valid_until <= now => CouponStatus::Expired,
        other => other,
    }
}

/// What spending `amount` from a coupon of `balance` leaves, and whether it is then used up.
pub fn spend(balance: Decimal, amount: Money) -> Option<(Decimal, bool)> {
    let left = balance - amount.amount();
    (left >= Decimal::ZERO).then_some((left, left.is_zero()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use std::str::FromStr;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn items_are_codes_at_most_ten_each_once() {
        assert_eq!(
            parse_items("hws.service.type.ebs, hws.service.type.ecs\nhws.service.type.ebs")
                .unwrap(),
            list(&["hws.service.type.ebs", "hws.service.type.ecs"])
        );
        assert_eq!(parse_items("  ").unwrap(), Vec::<String>::new());
        assert_eq!(parse_items("a b;c").unwrap_err().msg, Msg::ErrLimitItem);
        assert_eq!(
            parse_items(&"x".repeat(65)).unwrap_err().msg,
            Msg::ErrLimitItem
        );
        let eleven: Vec<String> = (0..11).map(|i| format!("p{i}")).collect();
        assert_eq!(
            parse_items(&eleven.join(",")).unwrap_err().msg,
            Msg::ErrTooManyItems
        );
        assert_eq!(check_items(&eleven).unwrap_err().msg, Msg::ErrTooManyItems);
    }

    fn limits(types: &[&str], min: Option<&str>, selected: bool) -> Limits {
        Limits {
            service_types: list(types),
            products: vec![],
            min_order_amount: min.map(|m| Decimal::from_str(m).unwrap()),
            selected_only: selected,
        }
    }

    #[test]
    fn a_coupon_inherits_or_narrows_its_quotas_limits() {
        let quota = limits(&["ecs", "ebs"], Some("100"), true);
        let inherited = limits_within(&Limits::default(), &quota).unwrap();
        assert_eq!(inherited, quota);
        let narrower = limits_within(&limits(&["ecs"], Some("200"), false), &quota).unwrap();
        assert_eq!(narrower.service_types, list(&["ecs"]));
        assert!(narrower.selected_only);
        let wider = limits_within(&limits(&["ecs", "rds"], Some("50"), false), &quota).unwrap_err();
        let fields: Vec<_> = wider.iter().map(|m| m.field).collect();
        assert_eq!(fields, vec!["service_types", "min_order_amount"]);
        // A quota without limits lets the coupon choose any.
        assert!(limits_within(&limits(&["rds"], None, false), &Limits::default()).is_ok());
    }

    #[test]
    fn validity_lies_inside_the_quotas_and_ends_in_the_future() {
        let now = Utc::now();
        let quota = (now - Duration::days(10), now + Duration::days(30));
        assert_eq!(
            validity_within(None, None, quota, now).unwrap(),
            (now, quota.1)
        );
        let early = validity_within(Some(quota.0 - Duration::days(1)), None, quota, now);
        assert_eq!(early.unwrap_err()[0].field, "valid_from");
        let late = validity_within(None, Some(quota.1 + Duration::seconds(1)), quota, now);
        assert_eq!(late.unwrap_err()[0].field, "valid_until");
        let past = validity_within(Some(quota.0), Some(now - Duration::days(1)), quota, now);
        assert_eq!(past.unwrap_err()[0].text.msg, Msg::ErrEndDateFuture);
        let reversed = validity_within(
            Some(now + Duration::days(5)),
            Some(now + Duration::days(4)),
            quota,
            now,
        );
        assert_eq!(reversed.unwrap_err()[0].text.msg, Msg::ErrEndBeforeStart);
    }

    #[test]
    fn an_issue_serves_customers_in_order_while_the_quota_lasts() {
        let face = Money::parse("30").unwrap();
        let (outcomes, left) = issue_plan(
            face,
            Decimal::from(70),
            &[Some(true), None, Some(false), Some(true), Some(true)],
        );
        assert_eq!(
            outcomes,
            vec![
                Ok(()),
                Err(IssueRefusal::NotFound),
                Err(IssueRefusal::NotResale),
                Ok(()),
                Err(IssueRefusal::Quota)
            ]
        );
        assert_eq!(left, Decimal::from(10));
    }

    #[test]
    fn quota_states_follow_reclaim_and_end() {
        let now = Utc::now();
        assert_eq!(
            quota_state(false, now + Duration::hours(1), now),
            QuotaState::Normal
        );
        assert_eq!(quota_state(false, now, now), QuotaState::Expired);
        assert_eq!(
            quota_state(true, now + Duration::hours(1), now),
            QuotaState::Reclaimed
        );
    }

    #[test]
    fn spending_a_coupon_never_goes_below_zero() {
        let m = |s| Money::parse(s).unwrap();
        assert_eq!(
            spend(Decimal::from(10), m("4")),
            Some((Decimal::from(6), false))
        );
        assert_eq!(
            spend(Decimal::from(10), m("10")),
            Some((Decimal::ZERO, true))
        );
        assert_eq!(spend(Decimal::from(10), m("10.01")), None);
    }
}
