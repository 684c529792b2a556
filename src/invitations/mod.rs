//! Invitation links (邀请链接): a partner makes a link for an association mode, with an expiry and
//! an optional use limit, hands it out (copied or as a QR code), and may revoke it.

pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Active,
    Expired,
    Revoked,
    UsedUp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub id: String,
    pub url: String,
    /// The URL as a QR code, an SVG document made on the server.
    pub qr_svg: String,
    pub resale: bool,
    pub expires_at: DateTime<Utc>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub state: LinkState,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// Links may last from one day to this many.
pub const MAX_VALID_DAYS: i64 = 90;
/// A use limit, when given, is at most this.
pub const MAX_USES: i32 = 10_000;
