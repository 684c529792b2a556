//! The query parameters of GET endpoints, read as the SDK writes them: form-encoded pairs, a list
//! as its key repeated (`?coupon_ids=a&coupon_ids=b`). Each endpoint's parameter struct both
//! documents the parameters (`IntoParams`) and receives them: every value arrives as text (a
//! repeated key as a list), and numbers are read by [`integer`], so that a refusal names its
//! parameter.

use super::error::ApiError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The query as the struct `T`; parameters `T` does not know are ignored.
pub fn params<T: DeserializeOwned>(raw: &str) -> Result<T, ApiError> {
    let mut map = Map::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key)?, Value::String(decode(value)?));
        match map.get_mut(&key) {
            None => {
                map.insert(key, value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
        }
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|e| ApiError::parameter(format!("Invalid query parameters: {e}.")))
}

/// One form-encoded key or value (`+` is a space); text that is not UTF-8 is refused.
fn decode(text: &str) -> Result<String, ApiError> {
    urlencoding::decode(&text.replace('+', " "))
        .map(|t| t.into_owned())
        .map_err(|_| ApiError::parameter("Query parameters must be UTF-8, percent-encoded."))
}

/// A list parameter (`#[serde(default, deserialize_with = "list")]`): its key once or repeated.
pub fn list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMore {
        One(String),
        More(Vec<String>),
    }
    use serde::Deserialize;
    Ok(Option::<OneOrMore>::deserialize(d)?.map(|v| match v {
        OneOrMore::One(one) => vec![one],
        OneOrMore::More(more) => more,
    }))
}

/// An integer parameter: an optional `-` and digits, nothing else; absent is none.
pub fn integer(field: &str, value: Option<String>) -> Result<Option<i64>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    let digits = v.strip_prefix('-').unwrap_or(&v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::parameter(format!("{field}: an integer.")));
    }
    // Too many digits for any range the API states: out of range like any other.
    Ok(Some(v.parse().unwrap_or(if v.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Q {
        limit: Option<String>,
        name: Option<String>,
        #[serde(default, deserialize_with = "list")]
        ids: Option<Vec<String>>,
    }

    #[test]
    fn pairs_are_decoded_and_repeated_keys_become_lists() {
        let q: Q = params("limit=5&name=a+b%20c%E4%B8%AD&ids=1&ids=2&other=x").unwrap();
        assert_eq!(q.limit.as_deref(), Some("5"));
        assert_eq!(q.name.as_deref(), Some("a b c中"));
        assert_eq!(q.ids, Some(vec!["1".into(), "2".into()]));
        let one: Q = params("ids=7").unwrap();
        assert_eq!(one.ids, Some(vec!["7".into()]));
        assert!(params::<Q>("").unwrap().limit.is_none());
        // A single-valued parameter sent twice, or bytes that are not UTF-8, are refused.
        assert_eq!(params::<Q>("limit=1&limit=2").unwrap_err().code, "CBC.0100");
        assert_eq!(params::<Q>("name=%FF").unwrap_err().code, "CBC.0100");
    }

    #[test]
    fn integers_are_plain_digits() {
        assert_eq!(integer("limit", Some("10".into())).unwrap(), Some(10));
        assert_eq!(integer("limit", Some("-1".into())).unwrap(), Some(-1));
        assert_eq!(integer("limit", None).unwrap(), None);
        assert_eq!(
            integer("offset", Some("99999999999999999999".into())).unwrap(),
            Some(i64::MAX)
        );
        for bad in ["", "1.5", "+1", "1e3", "ten", " 1", "-"] {
            let e = integer("limit", Some(bad.into())).unwrap_err();
            assert!(e.msg.starts_with("limit: "), "{bad}");
        }
    }
}
