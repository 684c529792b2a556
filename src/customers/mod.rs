//! Sales › Customers (客户管理): the partner's customers, searched, filtered, sorted, paged and
//! exported as CSV. A customer manager sees only the customers assigned to it.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use leptos::prelude::*;
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
    pub page: Option<u32>,
}

impl CustomerFilter {
    /// The filter as a query string, for paging and export links.
    pub fn query_string(&self, page: Option<u32>) -> String {
        let pairs = [
            ("q", self.q.clone()),
            ("mode", self.mode.clone()),
            ("kind", self.kind.clone()),
            ("manager", self.manager.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("sort", self.sort.clone()),
            ("indirect", self.indirect.clone()),
            ("page", page.map(|p| p.to_string())),
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// The partner's customer managers, for the filter (empty for a customer manager itself).
    pub managers: Vec<(String, String)>,
    /// Whether the caller may assign customer managers (`sales.customers.assign`).
    pub can_assign: bool,
    /// A distributor's tier-2 resellers (id, name), for the `indirect` filter.
    pub resellers: Vec<(String, String)>,
}

pub const CUSTOMER_PAGE_SIZE: u32 = 20;
/// Offset paging stays bounded: past this page, narrow the filters or export.
pub const CUSTOMER_MAX_PAGE: u32 = 500;

#[server(endpoint = "list_customers")]
pub async fn list_customers(filter: CustomerFilter) -> Result<CustomerPage, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::list(&ctx.state.pool, &actor, &filter).await
}

/// At most this many customers are assigned in one call.
pub const ASSIGN_LIMIT: usize = 100;

/// Assigns the chosen customers (`customers[N]=id` checkboxes) to a customer manager, or removes
/// their manager when `manager` is empty. The assignment date restarts for each.
#[server(endpoint = "assign_customer_manager")]
pub async fn assign_customer_manager(
    manager: String,
    customers: Option<Vec<String>>,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::assign_manager(&ctx, &actor, &manager, &customers.unwrap_or_default()).await
}

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
    /// The end date the authorization form proposes (`YYYY-MM-DD`, a year from today).
    pub suggested_end: String,
}

#[server(endpoint = "customer_detail")]
pub async fn customer_detail(id: String) -> Result<CustomerProfile, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::detail(&ctx, &actor, &id).await
}
