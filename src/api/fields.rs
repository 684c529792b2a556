//! Reading Huawei's request fields: JSON bodies, texts of at most 64 characters, UTC times,
//! and `offset`/`limit` paging. Each failure names its field in a 400 `CBC.0100`.

use super::error::ApiError;
use crate::core::error::AppError;
use crate::core::ids::{Paging, PagingError};
use crate::core::time::Day;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::DeserializeOwned;

pub const MAX_TEXT_CHARS: usize = 64;
pub const MAX_REMARK_CHARS: usize = 256;
const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// The body as `T`; fields `T` does not know are ignored, malformed JSON is a 400.
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::parameter(
            "The request body is required (a JSON object).",
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::parameter(format!("Invalid JSON body: {e}.")))
}

/// JSON Schema's integer: a number without a fractional part, `1715.0` included (what the
/// OpenAPI document's `integer` admits); anything else is a malformed body.
pub fn json_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::Deserialize;
    Option::<serde_json::Number>::deserialize(d)?
        .map(|n| integral::<D::Error>(&n))
        .transpose()
}

/// A list of JSON Schema integers (see [`json_integer`]).
pub fn json_integers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
    use serde::Deserialize;
    Option::<Vec<serde_json::Number>>::deserialize(d)?
        .map(|list| list.iter().map(integral::<D::Error>).collect())
        .transpose()
}

/// An integral number; one beyond `i64` (`1e20` is an integer too) saturates, so that the
/// range every integer field is then checked against refuses it, and a list filter matches
/// nothing with it.
fn integral<E: serde::de::Error>(n: &serde_json::Number) -> Result<i64, E> {
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        // `as` saturates at the bounds of i64.
        Some(f) if f.fract() == 0.0 => Ok(f as i64),
        _ => Err(E::custom("expected an integer")),
    }
}

/// A text field: `None` when absent or empty; at most 64 characters as sent (the limit the
/// OpenAPI document states), no control characters; surrounding spaces are not part of it.
pub fn optional_text(field: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::parameter(format!(
            "{field}: at most {MAX_TEXT_CHARS} characters."
        )));
    }
    // Checked as sent, like the length: a line break is refused, not trimmed away.
    if value.chars().any(char::is_control) {
        return Err(ApiError::parameter(format!(
            "{field}: control characters are not allowed."
        )));
    }
    let value = value.trim().to_string();
    Ok((!value.is_empty()).then_some(value))
}

/// A real calendar day `YYYY-MM-DD` (leap years included), unanchored: the one spelling of a day
/// in every pattern the OpenAPI document states, so that the document and the parsers agree.
macro_rules! day_pattern {
    () => {
        concat!(
            "(?:(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29",
            "|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
            "|02-(?:0[1-9]|1[0-9]|2[0-8])))"
        )
    };
}

/// What [`optional_utc`] accepts, as the OpenAPI document states it: `YYYY-MM-DDTHH:MM:SSZ`, a
/// real date and time. (Unanchored: the document anchors it and also allows an empty value,
/// which means "no filter".)
pub const UTC_PATTERN_BODY: &str = concat!(
    day_pattern!(),
    "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
);

/// What [`optional_day`] accepts: `YYYY-MM-DD`, a real date.
pub const DAY_PATTERN_BODY: &str = day_pattern!();

/// A UTC time `YYYY-MM-DDTHH:MM:SSZ` exactly as the OpenAPI document's pattern states it (no
/// spaces around it, no signs, no short fields, no leap second), and a real date and time; empty
/// or absent is none.
pub fn optional_utc(field: &str, value: Option<String>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let shaped = v.len() == 20
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
        && &v[17..19] != "60";
    NaiveDateTime::parse_from_str(&v, UTC_FORMAT)
        .ok()
        .filter(|_| shaped)
        .map(|t| Some(t.and_utc()))
        .ok_or_else(|| {
            ApiError::parameter(format!("{field}: a UTC time like 2026-05-06T08:05:01Z."))
        })
}

/// A Beijing calendar day `YYYY-MM-DD` (Huawei's UTC+8 dates); empty or absent is none. Any real
/// date is taken; one outside the years records can hold (2000–2100) is the nearest of them.
pub fn optional_day(field: &str, value: Option<String>) -> Result<Option<Day>, ApiError> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let shaped = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .ok()
        .filter(|_| shaped)
        .and_then(|d| Day::new(d.clamp(Day::FIRST, Day::LAST)))
        .map(Some)
        .ok_or_else(|| ApiError::parameter(format!("{field}: a date like 2026-05-06.")))
}

/// An id the request names (a customer, a coupon, a quota): at most 64 characters as sent, no
/// control characters. Whether it is one of the caller's is the service's to say (not found).
pub fn id_text(field: &str, value: String) -> Result<String, ApiError> {
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::parameter(format!(
            "{field}: at most {MAX_TEXT_CHARS} characters."
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::parameter(format!(
            "{field}: control characters are not allowed."
        )));
    }
    Ok(value)
}

/// The ids a write names in a list (customers to issue to, resellers, quotas): 1 to `max` of
/// them, each an id of ours as listed by the API (a hyphenated UUID). A malformed one fails the
/// request: no answer of ours holds it.
pub fn id_list(field: &str, values: Vec<String>, max: usize) -> Result<Vec<String>, ApiError> {
    if values.is_empty() || values.len() > max {
        return Err(ApiError::parameter(format!(
            "{field}: from 1 to {max} ids."
        )));
    }
    let hyphenated = |v: &str| {
        v.len() == 36
            && v.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    };
    match values.iter().find(|v| !hyphenated(v)) {
        Some(_) => Err(ApiError::parameter(format!(
            "{field}: ids as the API lists them (like 3f2b8c1e-0a4d-4e5f-9b6a-7c8d9e0f1a2b)."
        ))),
        None => Ok(values),
    }
}

/// An id filter of a read: `None` when absent or empty, and an id that matches nothing when it
/// is not one of ours (a UUID), as Huawei answers a filter by an unknown id with an empty list.
pub fn id_filter(field: &str, value: Option<String>) -> Result<Option<uuid::Uuid>, ApiError> {
    Ok(
        optional_text(field, value)?
            .map(|v| uuid::Uuid::parse_str(&v).unwrap_or(uuid::Uuid::nil())),
    )
}

/// A remark (an issuer's memo, a reclaim's note): at most 256 characters as sent, no control
/// characters; absent is empty.
pub fn remark(field: &str, value: Option<String>) -> Result<String, ApiError> {
    let value = value.unwrap_or_default();
    if value.chars().count() > MAX_REMARK_CHARS || value.chars().any(char::is_control) {
        return Err(ApiError::parameter(format!(
            "{field}: at most {MAX_REMARK_CHARS} characters on one line."
        )));
    }
    Ok(value)
}

/// `YYYY-MM-DDTHH:MM:SSZ` (`UTC_FORMAT`), without parsing a format string for every field of a
/// response: a page of 100 customers spent 7 % of its time there.
pub fn time_utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `offset` 0–100,000,000 (default 0) and `limit` 1–100 (default 10), Huawei's ranges.
pub fn paging(offset: Option<i64>, limit: Option<i64>) -> Result<Paging, ApiError> {
    Paging::parse(offset, limit).map_err(|e| match e {
        PagingError::Offset => {
            ApiError::parameter(format!("offset: from 0 to {}.", Paging::MAX_OFFSET))
        }
        PagingError::Limit => {
            ApiError::parameter(format!("limit: from 1 to {}.", Paging::MAX_LIMIT))
        }
    })
}

/// A service error in the API's words: field errors name the request's own fields.
pub fn rename_fields(error: AppError, names: &[(&str, &str)]) -> ApiError {
    match error {
        AppError::Invalid(mut fields) => {
            for f in &mut fields {
                if let Some((_, api)) = names.iter().find(|(portal, _)| *portal == f.field) {
                    f.field = api.to_string();
                }
            }
            AppError::Invalid(fields).into()
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_huaweis_format() {
        use chrono::TimeZone;
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(time_utc(at), "2026-01-02T03:04:05Z");
        assert_eq!(time_utc(at), at.format(UTC_FORMAT).to_string());
        let later = at + chrono::Duration::milliseconds(999);
        assert_eq!(time_utc(later), "2026-01-02T03:04:05Z");
    }

    #[test]
    fn fields_are_checked() {
        assert_eq!(
            paging(None, None).unwrap(),
            Paging {
                offset: 0,
                limit: 10
            }
        );
        assert!(paging(Some(-1), None).is_err());
        assert_eq!(paging(Some(1 << 40), None).unwrap_err().code, "CBC.0100");
        assert!(paging(None, Some(0)).is_err() && paging(None, Some(101)).is_err());
        assert_eq!(optional_text("a", Some("  ".into())).unwrap(), None);
        assert!(optional_text("a", Some("x".repeat(65))).is_err());
        assert!(optional_utc("t", Some("2026-05-06T08:05:01Z".into()))
            .unwrap()
            .is_some());
        assert!(optional_utc("t", Some("2026-05-06 08:05:01".into())).is_err());
        for bad in [
            "2026-5-06T08:05:01Z",
            "+2026-05-06T08:05:01Z",
            "2026-05-06T08:05:60Z",
            "2026-02-30T00:00:00Z",
            "２０２６-05-06T08:05:01Z",
        ] {
            assert!(optional_utc("t", Some(bad.into())).is_err(), "{bad}");
        }
        assert!(optional_text("a", Some(format!("x{}", " ".repeat(64)))).is_err());
        assert!(optional_text("a", Some("\n".into())).is_err());
        assert_eq!(
            optional_day("d", Some("1999-12-31".into()))
                .unwrap()
                .map(|d| d.to_string()),
            Some("2000-01-01".into())
        );
        assert!(optional_day("d", Some("2026-02-29".into())).is_err());
        assert!(optional_day("d", Some(" 2026-02-28".into())).is_err());
        assert!(optional_utc("t", Some(" 2026-05-06T08:05:01Z".into())).is_err());
        assert_eq!(optional_utc("t", Some(String::new())).unwrap(), None);
        let id = "3f2b8c1e-0a4d-4e5f-9b6a-7c8d9e0f1a2b".to_string();
        assert!(id_list("ids", vec![id.clone()], 1).is_ok());
        assert!(id_list("ids", vec![id.clone(), id.clone()], 1).is_err());
        assert!(id_list("ids", vec![], 1).is_err());
        for bad in [
            "3f2b8c1e0a4d4e5f9b6a7c8d9e0f1a2b",
            " 3f2b8c1e-0a4d-4e5f-9b6a-7c8d9e0f1a2b",
            "",
        ] {
            assert!(id_list("ids", vec![bad.into()], 1)
                .unwrap_err()
                .msg
                .starts_with("ids: "));
        }
        assert!(remark("memo", Some("x".repeat(257))).is_err());
        assert!(remark("memo", Some("a\tb".into())).is_err());
        assert_eq!(remark("memo", None).unwrap(), "");
    }

    proptest::proptest! {
        /// Any bytes as a body give a value or a 400, never a panic.
        #[test]
        fn any_body_is_answered(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            #[derive(serde::Deserialize)]
            #[allow(dead_code)]
            struct B { offset: Option<i64>, limit: Option<i64>, account_name: Option<String> }
            if let Err(e) = json_body::<B>(&bytes) {
                proptest::prop_assert_eq!(e.status.as_u16(), 400);
            }
        }
    }

    #[test]
    fn bodies_ignore_unknown_fields_and_refuse_malformed_json() {
        #[derive(serde::Deserialize, Debug)]
        struct B {
            limit: Option<i64>,
        }
        let b: B = json_body(br#"{"limit": 5, "whatever": [1]}"#).unwrap();
        assert_eq!(b.limit, Some(5));
        #[derive(serde::Deserialize, Debug)]
        struct I {
            #[serde(default, deserialize_with = "json_integer")]
            n: Option<i64>,
        }
        assert_eq!(json_body::<I>(br#"{"n": 1715.0}"#).unwrap().n, Some(1715));
        assert_eq!(json_body::<I>(br#"{"n": null}"#).unwrap().n, None);
        assert_eq!(json_body::<I>(br#"{}"#).unwrap().n, None);
        assert_eq!(
            json_body::<I>(br#"{"n": 1e300}"#).unwrap().n,
            Some(i64::MAX)
        );
        assert!(paging(json_body::<I>(br#"{"n": 1e300}"#).unwrap().n, None).is_err());
        for bad in [&br#"{"n": 1.5}"#[..], br#"{"n": "1"}"#] {
            assert_eq!(json_body::<I>(bad).unwrap_err().code, "CBC.0100");
        }
        for bad in [&b"{"[..], b"", b"[1", br#"{"limit": "five"}"#, b"\xff"] {
            let e = json_body::<B>(bad).unwrap_err();
            assert_eq!((e.status.as_u16(), e.code), (400, "CBC.0100"));
        }
    }
}
