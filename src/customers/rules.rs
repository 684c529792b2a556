//! The customer list's rules, free of IO: search text, sort orders and page cursors.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// At most this many characters of search text are used.
pub const MAX_SEARCH_CHARS: usize = 64;

/// Text to search for: trimmed, lower-cased, LIKE's wildcards taken literally; `None` when empty.
pub fn contains_pattern(text: Option<&str>) -> Option<String> {
    text.map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .map(|t| escape_like(&t))
}

/// The text with LIKE's wildcards taken literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Newest,
    Oldest,
    Name,
}

impl Order {
    pub fn parse(value: Option<&str>) -> Option<Order> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None | Some("newest") => Some(Order::Newest),
            Some("oldest") => Some(Order::Oldest),
            Some("name") => Some(Order::Name),
            Some(_) => None,
        }
    }

    /// Whether the list runs from the smallest key to the largest.
    pub fn ascending(self) -> bool {
        !matches!(self, Order::Newest)
    }
}

/// A row's place in the list: its sort key and its id (which breaks ties).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    At(DateTime<Utc>, Uuid),
    Name(String, Uuid),
}

impl Cursor {
    /// `t<microseconds>~<id>` or `n<account name>~<id>`: opaque to the browser, safe in a URL.
    pub fn encode(&self) -> String {
        match self {
            Cursor::At(at, id) => format!("t{}~{id}", at.timestamp_micros()),
            Cursor::Name(name, id) => format!("n{name}~{id}"),
        }
    }

    /// The cursor, if it is one of ours for this order.
    pub fn decode(text: &str, order: Order) -> Option<Cursor> {
        if text.len() > 120 {
            return None;
        }
        let (key, id) = text.rsplit_once('~')?;
        let id = Uuid::parse_str(id).ok()?;
        match (order, key.split_at_checked(1)?) {
            (Order::Newest | Order::Oldest, ("t", micros)) => {
                let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
                Some(Cursor::At(at, id))
            }
            (Order::Name, ("n", name)) => {
                let ok = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                ok.then(|| Cursor::Name(name.to_string(), id))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_literal() {
        assert_eq!(contains_pattern(Some("  A_b%c ")), Some("a\\_b\\%c".into()));
        assert_eq!(contains_pattern(Some("   ")), None);
    }

    #[test]
    fn cursors_round_trip_and_refuse_strangers() {
        let id = Uuid::new_v4();
        let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap();
        let c = Cursor::At(at, id);
        assert_eq!(Cursor::decode(&c.encode(), Order::Newest), Some(c.clone()));
        assert_eq!(Cursor::decode(&c.encode(), Order::Name), None);
        let n = Cursor::Name("acme.cloud_1".into(), id);
        assert_eq!(Cursor::decode(&n.encode(), Order::Name), Some(n));
        for bad in [
            "",
            "t~x",
            "t99999999999999999999~00000000-0000-0000-0000-000000000000",
            "nbad name~00000000-0000-0000-0000-000000000000",
            "x1~00000000-0000-0000-0000-000000000000",
            "é",
        ] {
            assert_eq!(Cursor::decode(bad, Order::Newest), None, "{bad}");
            assert_eq!(Cursor::decode(bad, Order::Name), None, "{bad}");
        }
    }

    #[test]
    fn orders_parse_with_newest_by_default() {
        assert_eq!(Order::parse(None), Some(Order::Newest));
        assert_eq!(Order::parse(Some("name")), Some(Order::Name));
        assert_eq!(Order::parse(Some("random")), None);
    }
}
