//! The partner itself: the Partner Centre home page and its figures, and a tier-1 distributor's
//! tier-2 resellers.

pub mod pages;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::viewer::PartnerType;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerFigures {
    pub total: i64,
    pub resale: i64,
    pub consulting: i64,
    pub new_last_30_days: i64,
    /// True when the figures cover only the caller's assigned customers.
    pub assigned_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResellerFigures {
    pub resellers: i64,
    pub their_customers: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerFigures {
    pub partner_name: String,
    pub partner_type: PartnerType,
    pub distributor_name: Option<String>,
    /// Shown to holders of `sales.customers.view`.
    pub customers: Option<CustomerFigures>,
    /// Shown to holders of `org.members.view`.
    pub members: Option<i64>,
    /// For a tier-1 distributor, to holders of `sales.customers.view`.
    pub resellers: Option<ResellerFigures>,
    pub as_of: chrono::DateTime<chrono::Utc>,
}
