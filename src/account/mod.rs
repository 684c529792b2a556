//! The customer's Account Centre: its profile and its partner.

pub mod pages;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerLink {
    pub partner_name: String,
    pub resale: bool,
    pub since: chrono::DateTime<chrono::Utc>,
    pub ended: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub account_name: String,
    pub display_name: String,
    pub enterprise: bool,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub partner: Option<PartnerLink>,
    pub past_partners: Vec<PartnerLink>,
    /// A disassociation request waiting for an answer.
    pub pending: Option<crate::association::PendingDisassociation>,
    /// When the customer may file its next disassociation request, if not now.
    pub next_request_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A newer association notice waits for the customer's signature.
    pub must_sign_notice: bool,
    /// The latest audit entries about this customer, by anyone (its partner's users included).
    pub activity: Vec<crate::audit::Activity>,
}
