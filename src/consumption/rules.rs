//! The pure rules of consumption: which billing cycles one query may span, and what a fee
//! record must hold to be loaded.
//!
//! The one rounding rule: every amount enters exact to the cent (more decimal places are
//! refused, never rounded), and sums are exact decimal additions, so a month's total equals the
//! sum of its records to the cent however the records are grouped.

use super::ChargeMode;
use crate::core::i18n::{Msg, Text};
use crate::core::money::Money;
use crate::core::time::{BillingCycle, Day, DEFAULT_ZONE};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;

/// How many months back a partner may look, the current one included (18 months).
pub const MONTHS_KEPT: i32 = 18;
/// How many months one query may span (one year).
pub const MAX_SPAN: i32 = 12;

/// The billing cycles one query covers, `from..=to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: BillingCycle,
    pub to: BillingCycle,
}

/// Why a period is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum PeriodError {
    /// A field is not a cycle, lies before the kept months, or ends before it starts.
    Field(&'static str, Text),
    /// The period spans more than a year (`CBC.80021021`).
    SpanTooLong,
}

impl Period {
    /// `from`..`to` (`to` defaults to `from`, `from` to the current cycle) within the months
    /// kept back from `now`.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Period, PeriodError> {
        let current = BillingCycle::of(Day::of(now));
        let cycle = |field: &'static str, v: Option<&str>| match v.map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => BillingCycle::parse(v)
                .map(Some)
                .map_err(|t| PeriodError::Field(field, t)),
        };
        let from_given = cycle("from", from)?;
        let to_given = cycle("to", to)?;
        let from = from_given.or(to_given).unwrap_or(current);
        let to = to_given.unwrap_or(from);
        let oldest = oldest_cycle(now);
        if from < oldest {
            return Err(PeriodError::Field(
                "from",
                Text::new(Msg::ErrCycleTooOld)
                    .arg("months", MONTHS_KEPT)
                    .arg("oldest", oldest),
            ));
        }
        if to < from {
            return Err(PeriodError::Field("to", Msg::ErrCycleOrder.into()));
        }
        if from.months_until(to) >= MAX_SPAN {
            return Err(PeriodError::SpanTooLong);
        }
        Ok(Period { from, to })
    }

    /// The first days of the first and the last cycle, as stored.
    pub fn bounds(self) -> (NaiveDate, NaiveDate) {
        (self.from.first_day().date(), self.to.first_day().date())
    }
}

/// The oldest cycle a partner may still query from `now`.
pub fn oldest_cycle(now: DateTime<Utc>) -> BillingCycle {
    let mut cycle = BillingCycle::of(Day::of(now));
    for _ in 1..MONTHS_KEPT {
        cycle = cycle.previous();
    }
    cycle
}

/// The billing cycle of a trade: its Beijing month, as the first day stored.
pub fn cycle_of(trade_time: DateTime<Utc>) -> NaiveDate {
    let local = trade_time.with_timezone(&DEFAULT_ZONE).date_naive();
    local.with_day(1).unwrap_or(local)
}

/// A fee record as loaded, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRecord {
    pub record_id: String,
    pub customer_id: uuid::Uuid,
    pub trade_time: DateTime<Utc>,
    pub service_type: String,
    pub resource_type: String,
    pub resource_id: String,
    pub region: String,
    pub charge_mode: ChargeMode,
    pub usage: Decimal,
    pub usage_unit: String,
    pub list: Decimal,
    pub discount: Decimal,
    pub coupon: Decimal,
    pub cash: Decimal,
    pub debt: Decimal,
}

/// A refused field of a record: its column name and why.
pub type FieldProblem = (&'static str, Text);

fn text(field: &'static str, value: &str, max: usize) -> Result<String, FieldProblem> {
    let v = value.trim();
    if v.is_empty() {
        return Err((field, Msg::ErrRequired.into()));
    }
    if v.chars().count() > max {
        return Err((field, Text::new(Msg::ErrTooLong).arg("max", max)));
    }
    if v.chars().any(char::is_control) {
        return Err((field, Msg::ErrControlCharacters.into()));
    }
    Ok(v.to_string())
}

/// A plain decimal number of at most 24 characters: digits with at most one point (no sign,
/// exponent or spaces inside), parsed exactly (a value `Decimal` would have to round is refused).
fn plain_number(value: &str) -> Option<Decimal> {
    let v = value.trim();
    let plain = !v.is_empty()
        && v.len() <= 24
        && v.chars().all(|c| c.is_ascii_digit() || c == '.')
        && v.matches('.').count() <= 1
        && !v.starts_with('.')
        && !v.ends_with('.');
    plain.then(|| Decimal::from_str_exact(v).ok()).flatten()
}

/// An amount in 元: at least 0, at most two decimal places, at most [`Money::MAX`].
pub fn amount(field: &'static str, value: &str) -> Result<Decimal, FieldProblem> {
    let v = plain_number(value).ok_or((field, Text::from(Msg::ErrAmountFormat)))?;
    if v.is_sign_negative() || v.normalize().scale() > 2 || v > Money::MAX {
        return Err((field, Msg::ErrAmountFormat.into()));
    }
    Ok(v)
}

fn usage(value: &str) -> Result<Decimal, FieldProblem> {
    let v = plain_number(value).ok_or(("usage", Text::from(Msg::ErrUsageFormat)))?;
    if v.is_sign_negative() || v.normalize().scale() > 6 || v >= Decimal::from(1_000_000_000_000i64)
    {
        return Err(("usage", Msg::ErrUsageFormat.into()));
    }
    Ok(v)
}

/// A UTC time `YYYY-MM-DDTHH:MM:SSZ` within [`Day`]'s years.
pub fn utc_time(field: &'static str, value: &str) -> Result<DateTime<Utc>, FieldProblem> {
    let at = DateTime::parse_from_rfc3339(value.trim())
        .ok()
        .filter(|at| at.offset().local_minus_utc() == 0)
        .map(|at| at.with_timezone(&Utc))
        .ok_or((field, Text::from(Msg::ErrUtcTime)))?;
    // The Beijing day as it is, not clamped into the years kept.
    let day = crate::core::time::local_day(at);
    if day < Day::FIRST || day >= Day::LAST {
        return Err((field, Msg::ErrUtcTime.into()));
    }
    Ok(at)
}

/// Checks one record given as its [`super::CSV_HEADER`] columns.
pub fn parse_record(cells: &[&str]) -> Result<NewRecord, FieldProblem> {
    if cells.len() != super::CSV_HEADER.len() {
        return Err((
            "record",
            Text::new(Msg::ErrColumnCount).arg("count", super::CSV_HEADER.len()),
        ));
    }
    let record_id = text("record_id", cells[0], 64)?;
    let customer_id = uuid::Uuid::parse_str(cells[1].trim())
        .map_err(|_| ("customer_id", Text::from(Msg::ErrBadId)))?;
    let trade_time = utc_time("trade_time", cells[2])?;
    let charge_mode = cells[7]
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(ChargeMode::from_code)
        .ok_or(("charge_mode", Text::from(Msg::ErrBadChoice)))?;
    let record = NewRecord {
        record_id,
        customer_id,
        trade_time,
        service_type: text("service_type", cells[3], 64)?,
        resource_type: text("resource_type", cells[4], 64)?,
        resource_id: text("resource_id", cells[5], 128)?,
        region: text("region", cells[6], 32)?,
        charge_mode,
        usage: usage(cells[8])?,
        usage_unit: text("usage_unit", cells[9], 16)?,
        list: amount("list_amount", cells[10])?,
        discount: amount("discount_amount", cells[11])?,
        coupon: amount("coupon_amount", cells[12])?,
        cash: amount("cash_amount", cells[13])?,
        debt: amount("debt_amount", cells[14])?,
    };
    if record.discount > record.list {
        return Err(("discount_amount", Msg::ErrDiscountAboveList.into()));
    }
    if record.list - record.discount != record.coupon + record.cash + record.debt {
        return Err(("cash_amount", Msg::ErrPaymentsDontAddUp.into()));
    }
    Ok(record)
}

#[cfg(test)]
mod tests;
