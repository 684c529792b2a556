//! Authorization server functions: the customer's side and the partner's request.

use super::AuthorizationView;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// The signed-in customer's authorizations, newest first.
#[server(endpoint = "my_authorizations")]
pub async fn my_authorizations() -> Result<Vec<AuthorizationView>, AppError> {
    super::service::for_customer(&call().await?).await
}

/// The customer approves or rejects a pending request (`decision`: approve or reject).
#[server(endpoint = "answer_authorization")]
pub async fn answer_authorization(id: String, decision: String) -> Result<(), AppError> {
    super::service::answer(&call().await?, &id, &decision).await
}

/// The customer revokes an approved authorization, giving a reason.
#[server(endpoint = "revoke_authorization")]
pub async fn revoke_authorization(id: String, reason: String) -> Result<(), AppError> {
    super::service::revoke(&call().await?, &id, &reason).await
}

/// The partner asks a resale customer for `scopes[N]` until `ends_on` (`YYYY-MM-DD`, Beijing).
#[server(endpoint = "request_authorization")]
pub async fn request_authorization(
    customer: String,
    scopes: Option<Vec<String>>,
    ends_on: String,
) -> Result<(), AppError> {
    let scopes = scopes.unwrap_or_default();
    super::service::request(&call().await?, &customer, &scopes, &ends_on).await
}
