//! Agreement server functions.

use super::{AgreementVersion, AgreementsOverview};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// The signed-in customer's agreements: what waits for signing and what was signed.
#[server(endpoint = "my_agreements")]
pub async fn my_agreements() -> Result<AgreementsOverview, AppError> {
    super::service::my_agreements(&call().await?).await
}

/// Signs a version of the notice; `agree` is the "I have read and agree" box.
#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(agreement_id: String, agree: Option<String>) -> Result<(), AppError> {
    super::service::sign(&call().await?, &agreement_id, agree.is_some()).await
}

/// Every published version, newest first (operator).
#[server(endpoint = "list_agreement_versions")]
pub async fn list_agreement_versions() -> Result<Vec<AgreementVersion>, AppError> {
    super::service::versions(&call().await?).await
}

/// Publishes the next version of the association notice (operator). Content is Markdown.
#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(title: String, content: String) -> Result<(), AppError> {
    super::service::publish(&call().await?, &title, &content).await
}
