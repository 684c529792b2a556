//! The operator console: partners (and, in later work, quotas, agreements and data import).

pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::core::error::AppError;
use crate::core::viewer::PartnerType;
use leptos::prelude::*;
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
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[server(endpoint = "list_partners")]
pub async fn list_partners() -> Result<Vec<PartnerSummary>, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    actor.require_operator()?;
    service::list_partners(&ctx.state.pool).await
}

#[server(endpoint = "create_partner")]
pub async fn create_partner(
    account_name: String,
    display_name: String,
    partner_type: String,
    distributor_id: Option<String>,
    password: String,
) -> Result<(), AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    actor.require_operator()?;
    let form = service::NewPartner::parse(
        &account_name,
        &display_name,
        &partner_type,
        distributor_id.as_deref(),
        &password,
    )?;
    service::create_partner(&ctx, &actor, form).await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssociationRow {
    pub partner_name: String,
    pub customer_account: String,
    pub resale: bool,
    pub associated_at: chrono::DateTime<chrono::Utc>,
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The newest associations across partners, current and ended (at most 200; `q` narrows by
/// partner or customer account name).
#[server(endpoint = "list_associations")]
pub async fn list_associations(q: Option<String>) -> Result<Vec<AssociationRow>, AppError> {
    let ctx = crate::server::request_context().await?;
    let actor = crate::core::actor::current_actor(&ctx).await?;
    actor.require_operator()?;
    service::list_associations(&ctx.state.pool, q.as_deref()).await
}
