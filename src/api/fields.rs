//! Reading Huawei's request fields: JSON bodies, texts of at most 64 characters, UTC times,
//! and `offset`/`limit` paging. Each failure names its field in a 400 `CBC.0100`.

use super::error::ApiError;
use crate::core::error::AppError;
use crate::core::ids::{Paging, PagingError};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::DeserializeOwned;

pub const MAX_TEXT_CHARS: usize = 64;
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
    use serde::de::Error;
    use serde::Deserialize;
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    n.as_i64()
        .or_else(|| {
            // Integral floats within the range a double holds exactly.
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= 9.0e15)
                .map(|f| f as i64)
        })
        .map(Some)
        .ok_or_else(|| D::Error::custom("expected an integer"))
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
    let value = value.trim().to_string();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::parameter(format!(
            "{field}: control characters are not allowed."
        )));
    }
    Ok(Some(value))
}

/// What [`optional_utc`] accepts, as the OpenAPI document states it: `YYYY-MM-DDTHH:MM:SSZ`, a
/// real date (leap years included) and time.
/// (Unanchored: the document anchors it and also allows an empty value, which means "no filter".)
pub const UTC_PATTERN_BODY: &str = concat!(
    "(?:(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29",
    "|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8])))T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
);

/// A UTC time `YYYY-MM-DDTHH:MM:SSZ`: exactly the shape the OpenAPI document's pattern states
/// (no signs, no short fields, no leap second), and a real date and time.
pub fn optional_utc(field: &str, value: Option<String>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(v) = optional_text(field, value)? else {
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

pub fn time_utc(at: DateTime<Utc>) -> String {
    at.format(UTC_FORMAT).to_string()
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
        for bad in [&br#"{"n": 1.5}"#[..], br#"{"n": 1e300}"#, br#"{"n": "1"}"#] {
            assert_eq!(json_body::<I>(bad).unwrap_err().code, "CBC.0100");
        }
        for bad in [&b"{"[..], b"", b"[1", br#"{"limit": "five"}"#, b"\xff"] {
            let e = json_body::<B>(bad).unwrap_err();
            assert_eq!((e.status.as_u16(), e.code), (400, "CBC.0100"));
        }
    }
}
