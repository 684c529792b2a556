//! Agreements (协议): the operator publishes versions of the Customer–Partner Association Notice
//! (《客户关联合作伙伴须知》); customers sign the latest one and keep each signed version as it was.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One published version; its content never changes after publication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementVersion {
    pub id: String,
    pub title: String,
    pub version: i32,
    /// Sanitised HTML rendered from the operator's Markdown at publication.
    pub content_html: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedAgreement {
    pub agreement: AgreementVersion,
    pub signed_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementsOverview {
    /// The latest notice, when the customer has not signed it yet.
    pub to_sign: Option<AgreementVersion>,
    pub signed: Vec<SignedAgreement>,
}

/// The signed-in customer's agreements: what waits for signing and what was signed.
#[server(endpoint = "my_agreements")]
pub async fn my_agreements() -> Result<AgreementsOverview, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    let customer = actor.require_customer()?;
    service::my_agreements(&ctx.state.pool, customer).await
}

/// Signs a version of the notice; `agree` is the "I have read and agree" box.
#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(agreement_id: String, agree: Option<String>) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::sign(&ctx, &actor, &agreement_id, agree.is_some()).await
}

/// Every published version, newest first (operator).
#[server(endpoint = "list_agreement_versions")]
pub async fn list_agreement_versions() -> Result<Vec<AgreementVersion>, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    actor.require_operator()?;
    service::versions(&ctx.state.pool).await
}

/// Publishes the next version of the association notice (operator). Content is Markdown.
#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(title: String, content: String) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    service::publish(&ctx, &actor, &title, &content).await
}
