//! Opaque identifiers and paging as the API receives them: bounded before anything reads them.

use super::i18n::{Msg, Text};
use serde::{Deserialize, Serialize};

/// The longest id the API accepts (Huawei: "最大长度：64").
pub const MAX_ID_CHARS: usize = 64;

/// An id from outside (a customer id, a `trans_id`, a coupon id): 1–64 characters of ASCII
/// letters, digits, `-` and `_`. One that is well formed but unknown simply matches nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExternalId(String);

impl ExternalId {
    pub fn parse(input: &str) -> Result<ExternalId, Text> {
        let s = input.trim();
        if s.is_empty() {
            Err(Msg::ErrRequired.into())
        } else if s.len() > MAX_ID_CHARS {
            Err(Text::new(Msg::ErrTooLong).arg("max", MAX_ID_CHARS))
        } else if s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Ok(ExternalId(s.to_string()))
        } else {
            Err(Msg::ErrBadId.into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as one of ours (a UUID), when it is one.
    pub fn uuid(&self) -> Option<uuid::Uuid> {
        uuid::Uuid::parse_str(&self.0).ok()
    }
}

/// The `X-Client-Token` of a write: a retry carrying the same token is applied once. 1–64
/// visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientToken(String);

impl ClientToken {
    pub fn parse(input: &str) -> Result<ClientToken, Text> {
        let ok = (1..=MAX_ID_CHARS).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(ClientToken(input.to_string()))
        } else {
            Err(Msg::ErrBadId.into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A form's one-time token (hidden field `token`), when it sent one.
    pub fn from_form(value: Option<String>) -> Result<Option<ClientToken>, super::error::AppError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => ClientToken::parse(v)
                .map(Some)
                .map_err(|t| super::error::AppError::field("token", t)),
        }
    }
}

/// One page of a list: `offset` from 0, `limit` rows. The bounds are the API's documented ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub offset: i64,
    pub limit: i64,
}

impl Paging {
    pub const MAX_OFFSET: i64 = 100_000_000;
    pub const MAX_LIMIT: i64 = 100;
    pub const DEFAULT_LIMIT: i64 = 10;

    /// Huawei's paging: `offset` 0–100,000,000 (default 0), `limit` 1–100 (default 10).
    pub fn parse(offset: Option<i64>, limit: Option<i64>) -> Result<Paging, PagingError> {
        let offset = offset.unwrap_or(0);
        let limit = limit.unwrap_or(Paging::DEFAULT_LIMIT);
        if !(0..=Paging::MAX_OFFSET).contains(&offset) {
            Err(PagingError::Offset)
        } else if !(1..=Paging::MAX_LIMIT).contains(&limit) {
            Err(PagingError::Limit)
        } else {
            Ok(Paging { offset, limit })
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagingError {
    Offset,
    Limit,
}

/// The ids a batch names (customers, resellers, coupons): 1 to `limit` of them, each an id of
/// ours, in the order given, each once. A malformed id fails the whole list: it came from no
/// page of ours.
pub fn id_list(values: &[String], limit: usize) -> Result<Vec<uuid::Uuid>, Text> {
    let mut ids: Vec<uuid::Uuid> = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let id = uuid::Uuid::parse_str(value).map_err(|_| Text::new(Msg::ErrBadId))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
        if ids.len() > limit {
            return Err(Text::new(Msg::ErrTooManyCustomers).arg("max", limit));
        }
    }
    if ids.is_empty() {
        return Err(Msg::ErrNoCustomersChosen.into());
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_ids_are_short_and_plain() {
        assert!(ExternalId::parse("0a1b-C_2").is_ok());
        assert_eq!(
            ExternalId::parse(&"a".repeat(64)).unwrap().as_str().len(),
            64
        );
        assert_eq!(
            ExternalId::parse(&"a".repeat(65)).unwrap_err().msg,
            Msg::ErrTooLong
        );
        for bad in ["a b", "a;drop", "ü", "a\u{0}"] {
            assert_eq!(
                ExternalId::parse(bad).unwrap_err().msg,
                Msg::ErrBadId,
                "{bad}"
            );
        }
        assert_eq!(ExternalId::parse(" ").unwrap_err().msg, Msg::ErrRequired);
        let id = uuid::Uuid::new_v4();
        assert_eq!(ExternalId::parse(&id.to_string()).unwrap().uuid(), Some(id));
        assert_eq!(ExternalId::parse("not-a-uuid").unwrap().uuid(), None);
    }

    #[test]
    fn id_lists_keep_order_drop_repeats_and_stay_bounded() {
        let a = uuid::Uuid::new_v4();
        let b = uuid::Uuid::new_v4();
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            id_list(
                &list(&[&b.to_string(), "", &a.to_string(), &b.to_string()]),
                2
            ),
            Ok(vec![b, a])
        );
        assert_eq!(
            id_list(&list(&["", " "]), 5).unwrap_err().msg,
            Msg::ErrNoCustomersChosen
        );
        assert_eq!(id_list(&list(&["x"]), 5).unwrap_err().msg, Msg::ErrBadId);
        let many: Vec<String> = (0..4).map(|_| uuid::Uuid::new_v4().to_string()).collect();
        assert_eq!(id_list(&many, 3).unwrap_err().msg, Msg::ErrTooManyCustomers);
    }

    #[test]
    fn client_tokens_are_visible_ascii() {
        assert!(ClientToken::parse("retry-0001").is_ok());
        assert!(ClientToken::parse("").is_err());
        assert!(ClientToken::parse("a b").is_err());
        assert!(ClientToken::parse(&"x".repeat(65)).is_err());
    }

    #[test]
    fn paging_follows_the_documented_ranges() {
        assert_eq!(
            Paging::parse(None, None),
            Ok(Paging {
                offset: 0,
                limit: 10
            })
        );
        assert_eq!(Paging::parse(Some(1 << 40), None), Err(PagingError::Offset));
        assert_eq!(Paging::parse(Some(-1), None), Err(PagingError::Offset));
        assert_eq!(Paging::parse(None, Some(0)), Err(PagingError::Limit));
        assert_eq!(Paging::parse(None, Some(101)), Err(PagingError::Limit));
        assert!(Paging::parse(Some(100_000_000), Some(100)).is_ok());
    }
}
