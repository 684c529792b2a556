//! Money on the wire. Huawei's SDK sends and reads amounts as bare JSON numbers (`100.50`), so a
//! request's amount is read from the exact text it was written as (never through a binary
//! float, which would turn `0.07` into `0.07000000000000001`) and held to the rules of
//! [`Money`]; an answer's amount is written as its exact decimal.

use super::error::ApiError;
use crate::core::i18n::Lang;
use crate::core::money::{Money, MoneyError};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// The amount the request wrote in `field`: required, a JSON number > 0 with at most 2 decimal
/// places and at most 10,000,000,000. A refusal names the field.
pub fn money(field: &str, value: Option<&RawValue>) -> Result<Money, ApiError> {
    let refuse =
        |e: MoneyError| ApiError::parameter(format!("{field}: {}", e.text().render(Lang::En)));
    let text = value
        .map(|v| v.get().trim())
        .filter(|t| *t != "null")
        .ok_or_else(|| refuse(MoneyError::Empty))?;
    Money::from_decimal(json_decimal(text).map_err(refuse)?).map_err(refuse)
}

/// A JSON value's text as an exact decimal: numbers only (a string, even `"12.5"`, is not one).
fn json_decimal(text: &str) -> Result<Decimal, MoneyError> {
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(MoneyError::NotANumber);
    }
    let exact = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    // A number no decimal holds exactly is too large, too small, or has too many places.
    exact.map_err(|_| match text.starts_with('-') {
        true => MoneyError::NotPositive,
        false if text.contains(['.', 'e', 'E']) => MoneyError::TooManyDecimals,
        false => MoneyError::TooLarge,
    })
}

/// Writes an amount as a bare JSON number with its exact decimals (`100.50`).
pub fn number<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
    raw.serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<String, String> {
        let raw: Box<RawValue> = serde_json::from_str(json).unwrap();
        money("amount", Some(&raw))
            .map(|m| m.to_string())
            .map_err(|e| e.msg)
    }

    #[test]
    fn amounts_are_read_exactly_and_refused_by_name() {
        assert_eq!(read("100.50").unwrap(), "100.50");
        assert_eq!(read("0.07").unwrap(), "0.07");
        assert_eq!(read("12").unwrap(), "12.00");
        assert_eq!(read("1.2e1").unwrap(), "12.00");
        assert_eq!(read("10000000000").unwrap(), "10000000000.00");
        for bad in [
            "0",
            "-1",
            "0.001",
            "1e20",
            "1e400",
            "\"12.5\"",
            "\"abc\"",
            "true",
            "[1]",
            "null",
            "10000000000.01",
            "1.0000000000000000000000000000001",
        ] {
            let msg = read(bad).unwrap_err();
            assert!(msg.starts_with("amount: "), "{bad}: {msg}");
        }
        assert!(money("face_value", None)
            .unwrap_err()
            .msg
            .starts_with("face_value: "));
    }

    #[test]
    fn amounts_are_written_as_exact_numbers() {
        #[derive(Serialize)]
        struct A {
            #[serde(serialize_with = "number")]
            amount: Decimal,
        }
        let json = serde_json::to_string(&A {
            amount: "100.50".parse().unwrap(),
        })
        .unwrap();
        assert_eq!(json, r#"{"amount":100.50}"#);
    }
}
