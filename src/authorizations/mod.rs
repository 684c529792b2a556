//! Authorization management (授权管理): a partner asks a resale customer for scopes until an end
//! date; the customer approves, rejects or later revokes; actions on the customer's behalf need an
//! active authorization with the right scope, and the customer sees what was done under each.

pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use crate::audit::Activity;
pub use server::*;

use chrono::{DateTime, Utc};
use rules::{AuthorizationStatus, Scope};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationView {
    pub id: String,
    pub partner_name: String,
    pub scopes: Vec<Scope>,
    pub ends_at: DateTime<Utc>,
    pub status: AuthorizationStatus,
    pub requested_at: DateTime<Utc>,
    pub requested_by: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    /// Shown to the customer only: what the partner did while this was active (newest first).
    pub activity: Vec<Activity>,
}
