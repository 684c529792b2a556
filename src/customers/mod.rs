//! Sales › Customers (客户管理): the partner's customers, searched, filtered, sorted, paged and
//! exported as CSV; each customer's overview; assigning customer managers; creating customers
//! through the API. A customer manager sees only the customers assigned to it.

#[cfg(feature = "ssr")]
pub mod assign;
#[cfg(feature = "ssr")]
pub mod create;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod overview;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod search;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use serde::{Deserialize, Serialize};

/// The list's filters, as its GET form sends them (and the CSV link repeats them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerFilter {
    /// Account name (contains, case-insensitive) or exact customer id.
    pub q: Option<String>,
    /// `resale` or `consulting`.
    pub mode: Option<String>,
    /// `individual` or `enterprise`.
    pub kind: Option<String>,
    /// A customer manager's member id.
    pub manager: Option<String>,
    /// Association date range, `YYYY-MM-DD` in Beijing time, both ends included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `newest` (default), `oldest` or `name`.
    pub sort: Option<String>,
    /// For a tier-1 distributor: one of its tier-2 resellers, whose customers are listed instead
    /// (Huawei's `indirect_partner_id`).
    pub indirect: Option<String>,
    /// Keyset paging: the page after, or before, a row's position (opaque cursors), or the last.
    pub after: Option<String>,
    pub before: Option<String>,
    pub last: Option<String>,
}

/// Where a page of the list starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageAt {
    First,
    After,
    Before,
    Last,
}

impl CustomerFilter {
    /// The filter as a query string without a position, for the export link and the first page.
    pub fn query_string(&self) -> String {
        self.query_string_at(None)
    }

    /// The filter as a query string at a position: `after`/`before` a cursor, or `last`.
    pub fn query_string_at(&self, at: Option<(PageAt, &str)>) -> String {
        let position = |which: PageAt| {
            at.filter(|(p, _)| *p == which)
                .map(|(_, cursor)| cursor.to_string())
        };
        let pairs = [
            ("q", self.q.clone()),
            ("mode", self.mode.clone()),
            ("kind", self.kind.clone()),
            ("manager", self.manager.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("sort", self.sort.clone()),
            ("indirect", self.indirect.clone()),
            ("after", position(PageAt::After)),
            ("before", position(PageAt::Before)),
            ("last", position(PageAt::Last)),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| (k, v)))
            .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: String,
    pub account_name: String,
    pub display_name: String,
    pub enterprise: bool,
    pub resale: bool,
    pub associated_at: chrono::DateTime<chrono::Utc>,
    /// The customer manager's user name and display name.
    pub manager_account: Option<String>,
    pub manager: Option<String>,
    /// The customer's balance, for a caller holding `sales.funds.view`.
    pub balance: Option<rust_decimal::Decimal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    /// Matching customers, counted up to [`COUNT_CAP`].
    pub total: i64,
    /// Cursors of the neighbouring pages: before the first row, after the last; `None` at an end.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The partner's customer managers, for the filter (empty for a customer manager itself).
    pub managers: Vec<(String, String)>,
    /// Whether the caller may assign customer managers (`sales.customers.assign`).
    pub can_assign: bool,
    /// Whether the caller may act on chosen customers in a batch: allocate, reclaim, issue
    /// coupons (never on a reseller's customers).
    pub can_allocate: bool,
    pub can_reclaim: bool,
    pub can_issue: bool,
    /// A distributor's tier-2 resellers (id, name), for the `indirect` filter.
    pub resellers: Vec<(String, String)>,
}

pub const CUSTOMER_PAGE_SIZE: i64 = 20;
/// Counting stops here: a larger list reads "1000+". The pager moves by keyset and needs no
/// total, so counting further would cost every page of a large partner (10,000 rows took 2–10 ms
/// of the database per page) for a figure nobody pages through.
pub const COUNT_CAP: i64 = 1_000;
/// At most this many customers are assigned in one call.
pub const ASSIGN_LIMIT: usize = 100;

/// The customer overview a partner opens from the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub id: String,
    pub account_name: String,
    pub display_name: String,
    pub enterprise: bool,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub resale: bool,
    pub associated_at: chrono::DateTime<chrono::Utc>,
    /// The reseller the customer belongs to, when a distributor looks at it.
    pub reseller: Option<String>,
    pub manager: Option<String>,
    pub manager_assigned_at: Option<chrono::DateTime<chrono::Utc>>,
    pub signed_latest_notice: bool,
    pub authorizations: Vec<crate::authorizations::AuthorizationView>,
    pub pending_disassociation: Option<crate::association::PendingDisassociation>,
    /// `None` while the customer has not signed the latest notice.
    pub knowledge: Option<Vec<crate::knowledge::KnowledgeItem>>,
    pub can_authorize: bool,
    pub can_disassociate: bool,
    /// Balance, credit line and debt, for a caller holding `sales.funds.view`.
    pub funds: Option<crate::funds::Balance>,
    /// Whether the caller may move funds to or from this (resale, own) customer.
    pub can_allocate: bool,
    pub can_reclaim: bool,
    /// Whether the caller sees coupons (`sales.coupons.view`): a link to this customer's.
    pub can_see_coupons: bool,
    /// The end date the authorization form proposes (`YYYY-MM-DD`, a year from today).
    pub suggested_end: String,
}
