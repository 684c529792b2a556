//! Authorization management (授权管理): a partner asks a resale customer for scopes until an end
//! date; the customer approves, rejects or later revokes; actions on the customer's behalf need an
//! active authorization with the right scope, and the customer sees what was done under each.

pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use rules::{AuthorizationStatus, Scope};
use serde::{Deserialize, Serialize};

/// One thing the partner did on the customer while an authorization was active.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
}

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

/// The signed-in customer's authorizations, newest first.
#[server(endpoint = "my_authorizations")]
pub async fn my_authorizations() -> Result<Vec<AuthorizationView>, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::for_customer(&ctx, &actor).await
}

/// The customer approves or rejects a pending request (`decision`: approve or reject).
#[server(endpoint = "answer_authorization")]
pub async fn answer_authorization(id: String, decision: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::answer(&ctx, &actor, &id, &decision).await
}

/// The customer revokes an approved authorization, giving a reason.
#[server(endpoint = "revoke_authorization")]
pub async fn revoke_authorization(id: String, reason: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::revoke(&ctx, &actor, &id, &reason).await
}

/// The partner asks a resale customer for `scopes[N]` until `ends_on` (`YYYY-MM-DD`, Beijing).
#[server(endpoint = "request_authorization")]
pub async fn request_authorization(
    customer: String,
    scopes: Option<Vec<String>>,
    ends_on: String,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::request(
        &ctx,
        &actor,
        &customer,
        &scopes.unwrap_or_default(),
        &ends_on,
    )
    .await
}
