//! Invitation links (邀请链接): a partner makes a link for an association mode, with an expiry and
//! an optional use limit, hands it out (copied or as a QR code), and may revoke it.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
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

/// The partner's links, newest first (`sales.customers.invite`).
#[server(endpoint = "list_invitations")]
pub async fn list_invitations() -> Result<Vec<InvitationLink>, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::list(&ctx, &actor).await
}

/// Makes a link: `mode` resale or consulting, valid for `valid_days`, at most `max_uses` uses
/// (empty: unlimited).
#[server(endpoint = "create_invitation")]
pub async fn create_invitation(
    mode: String,
    valid_days: String,
    max_uses: String,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::create(&ctx, &actor, &mode, &valid_days, &max_uses).await
}

#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::revoke(&ctx, &actor, &id).await
}
