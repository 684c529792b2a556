//! The rows of each export as cells, in their kind's column order: text (personal data masked
//! unless the export was started unmasked) or numbers.

use crate::audit::store::Line;
use crate::consumption::{Grouping, RecordRow, SummaryRow};
use crate::core::export::personal;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// One cell as written: text (personal data already masked or not) or a number.
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Number(Decimal),
    /// Money: two places in CSV, a `0.00` number format in XLSX.
    Amount(Decimal),
}

fn text(t: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(t))
}

/// An amount of money, always with its two places (`0.00`, not `0`): sums of stored amounts
/// keep whatever scale the database gives them.
fn amount(mut value: Decimal) -> Value<'static> {
    value.rescale(2);
    Value::Amount(value)
}

fn utc(at: chrono::DateTime<chrono::Utc>) -> Value<'static> {
    // `2026-12-07T08:30:00Z`, without parsing a format string for every row.
    Value::Text(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into())
}

/// A row of an export, as its cells in the kind's column order.
pub trait Exported {
    fn cells(&self, unmasked: bool) -> Vec<Value<'_>>;
}

impl Exported for RecordRow {
    fn cells(&self, unmasked: bool) -> Vec<Value<'_>> {
        vec![
            text(&self.record_id),
            text(&self.cycle),
            text(&self.customer_id),
            Value::Text(personal(&self.customer_name, unmasked)),
            text(&self.association_mode),
            text(&self.service_type),
            text(&self.resource_type),
            text(&self.resource_id),
            text(&self.region),
            Value::Number(self.charge_mode.into()),
            Value::Number(self.usage),
            text(&self.usage_unit),
            amount(self.list),
            amount(self.discount),
            amount(self.coupon),
            amount(self.cash),
            amount(self.debt),
            utc(self.trade_time),
        ]
    }
}

impl Exported for Line {
    fn cells(&self, unmasked: bool) -> Vec<Value<'_>> {
        vec![
            Value::Text(self.id.to_string().into()),
            utc(self.at),
            text(&self.actor_kind),
            Value::Text(personal(&self.actor_name, unmasked)),
            text(&self.action),
            text(&self.target),
            text(&self.outcome),
            text(self.source.as_deref().unwrap_or_default()),
        ]
    }
}

/// A summary row with what it is grouped by.
pub struct GroupRow(pub Grouping, pub SummaryRow);

impl Exported for GroupRow {
    fn cells(&self, unmasked: bool) -> Vec<Value<'_>> {
        let GroupRow(group, row) = self;
        let name = match group {
            // A customer's account name is personal data; a product's or month's is not.
            Grouping::Customer => personal(&row.label, unmasked),
            _ => Cow::Borrowed(row.label.as_str()),
        };
        let f = &row.figures;
        vec![
            text(group.code()),
            text(&row.key),
            Value::Text(name),
            Value::Number(f.records.into()),
            amount(f.list),
            amount(f.discount),
            amount(f.due()),
            amount(f.coupon),
            amount(f.cash),
            amount(f.debt),
        ]
    }
}
