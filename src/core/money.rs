//! Money (CNY, 元) as exact decimals. Every amount a user or a script asks to move is parsed
//! into [`Money`] first: greater than zero, at most two decimal places, at most [`Money::MAX`].
//! A value that fails is refused with its reason, never rounded.

use super::i18n::{Msg, Text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount to move: > 0, at most 2 decimal places, at most [`Money::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Money(Decimal);

/// Why a text or number is not an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    /// Not a plain decimal number (letters, exponents, signs, separators).
    NotANumber,
    NotPositive,
    TooManyDecimals,
    TooLarge,
}

impl MoneyError {
    pub fn text(self) -> Text {
        match self {
            MoneyError::Empty => Text::new(Msg::ErrRequired),
            MoneyError::NotANumber => Text::new(Msg::ErrMoneyFormat),
            MoneyError::NotPositive => Text::new(Msg::ErrMoneyPositive),
            MoneyError::TooManyDecimals => Text::new(Msg::ErrMoneyDecimals),
            MoneyError::TooLarge => {
                Text::new(Msg::ErrMoneyTooLarge).arg("max", Money::MAX.to_string())
            }
        }
    }
}

/// Longest text worth parsing: "10000000000.00" is 14 characters.
const MAX_INPUT_CHARS: usize = 20;

impl Money {
    /// Ten billion yuan: above any single movement, and far enough below `NUMERIC(20,2)` that
    /// sums of many amounts cannot overflow a column.
    pub const MAX: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0); // 10_000_000_000

    /// Parses a plain decimal (`12`, `12.5`, `12.50`); surrounding spaces are ignored. Signs,
    /// exponents (`1e3`), separators (`1,000`) and more than two decimals are refused.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.chars().count() > MAX_INPUT_CHARS {
            return Err(MoneyError::TooLarge);
        }
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || (s.ends_with('.')) {
            return Err(MoneyError::NotANumber);
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let value: Decimal = s.parse().map_err(|_| MoneyError::TooLarge)?;
        Money::from_decimal(value)
    }

    /// Checks a decimal that arrived as a number (JSON) against the same rules.
    pub fn from_decimal(value: Decimal) -> Result<Money, MoneyError> {
        if value <= Decimal::ZERO {
            Err(MoneyError::NotPositive)
        } else if value.normalize().scale() > 2 {
            Err(MoneyError::TooManyDecimals)
        } else if value > Money::MAX {
            Err(MoneyError::TooLarge)
        } else {
            let mut value = value;
            value.rescale(2);
            Ok(Money(value))
        }
    }

    /// The amount a form's field holds, or that field's message.
    pub fn parse_field(field: &str, input: &str) -> Result<Money, super::error::AppError> {
        Money::parse(input).map_err(|e| super::error::AppError::field(field, e.text()))
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// The amount `count` times over (a face value issued to several customers): exact, and
    /// `None` only past what a decimal holds.
    pub fn times(self, count: u32) -> Option<Decimal> {
        self.0.checked_mul(Decimal::from(count))
    }
}

impl TryFrom<Decimal> for Money {
    type Error = String;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Money::from_decimal(value).map_err(|e| format!("{e:?}"))
    }
}

impl From<Money> for Decimal {
    fn from(m: Money) -> Decimal {
        m.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

/// A balance or a sum as shown: two decimals, grouped in thousands (`1,234,567.80`), with its
/// sign. Display only; arithmetic stays on `Decimal`.
pub fn format_yuan(value: Decimal) -> String {
    let mut rounded = value.round_dp(2);
    rounded.rescale(2);
    let text = rounded.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_amounts_parse_to_two_places() {
        assert_eq!(Money::parse("12").unwrap().amount(), dec("12.00"));
        assert_eq!(Money::parse(" 12.5 ").unwrap().to_string(), "12.50");
        assert_eq!(Money::parse("0.01").unwrap().amount(), dec("0.01"));
        assert_eq!(
            Money::parse("10000000000").unwrap().amount(),
            dec("10000000000")
        );
    }

    #[test]
    fn the_issues_bad_inputs_are_refused_with_their_reason() {
        use MoneyError::*;
        for (input, why) in [
            ("", Empty),
            ("   ", Empty),
            ("0", NotPositive),
            ("0.00", NotPositive),
            ("-1", NotANumber),
            ("+1", NotANumber),
            ("0.001", TooManyDecimals),
            ("1.000", TooManyDecimals),
            ("1e20", NotANumber),
            ("abc", NotANumber),
            ("1,000", NotANumber),
            ("1.", NotANumber),
            (".5", NotANumber),
            ("10000000000.01", TooLarge),
            ("100000000000000000000", TooLarge),
            ("NaN", NotANumber),
            ("1 000", NotANumber),
            ("١٢", NotANumber),
        ] {
            assert_eq!(Money::parse(input), Err(why), "{input:?}");
        }
    }

    #[test]
    fn numbers_from_json_follow_the_same_rules() {
        assert!(Money::from_decimal(dec("5.10")).is_ok());
        assert_eq!(
            Money::from_decimal(dec("5.100")).unwrap().amount(),
            dec("5.10")
        );
        assert_eq!(
            Money::from_decimal(dec("5.101")),
            Err(MoneyError::TooManyDecimals)
        );
        assert_eq!(Money::from_decimal(dec("-5")), Err(MoneyError::NotPositive));
        let json: Result<Money, _> = serde_json::from_str("\"0.001\"");
        assert!(json.is_err());
        let json: Money = serde_json::from_str("\"12.3\"").unwrap();
        assert_eq!(json.to_string(), "12.30");
    }

    #[test]
    fn the_maximum_is_ten_billion() {
        assert_eq!(Money::MAX, dec("10000000000"));
    }

    #[test]
    fn issuing_to_many_multiplies_exactly() {
        let face = Money::parse("33.33").unwrap();
        assert_eq!(face.times(100), Some(dec("3333.00")));
        assert_eq!(face.times(0), Some(dec("0.00")));
    }

    #[test]
    fn balances_show_grouped_with_two_places() {
        assert_eq!(format_yuan(dec("1234567.8")), "1,234,567.80");
        assert_eq!(format_yuan(dec("-0.5")), "-0.50");
        assert_eq!(format_yuan(dec("0")), "0.00");
        assert_eq!(format_yuan(dec("999")), "999.00");
        assert_eq!(format_yuan(dec("1000")), "1,000.00");
    }
}
