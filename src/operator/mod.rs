//! The operator console: partners (and, in later work, quotas, agreements and data import).

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
pub struct PartnerSummary {
    pub id: String,
    pub account_name: String,
    pub display_name: String,
    pub partner_type: PartnerType,
    pub distributor_name: Option<String>,
    pub customers: i64,
    pub members: i64,
    /// The partner account's balance (元).
    pub balance: rust_decimal::Decimal,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssociationRow {
    pub partner_name: String,
    pub customer_account: String,
    pub resale: bool,
    pub associated_at: chrono::DateTime<chrono::Utc>,
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
}
