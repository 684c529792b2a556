//! Invitation link server functions (`sales.customers.invite`).

use super::InvitationLink;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// The partner's links, newest first; a customer manager's own links only.
#[server(endpoint = "list_invitations")]
pub async fn list_invitations() -> Result<Vec<InvitationLink>, AppError> {
    super::service::list(&call().await?).await
}

/// Makes a link: `mode` resale or consulting, valid for `valid_days`, at most `max_uses` uses
/// (empty: unlimited).
#[server(endpoint = "create_invitation")]
pub async fn create_invitation(
    mode: String,
    valid_days: String,
    max_uses: String,
) -> Result<(), AppError> {
    super::service::create(&call().await?, &mode, &valid_days, &max_uses).await
}

#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    super::service::revoke(&call().await?, &id).await
}
