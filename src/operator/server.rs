//! Operator console server functions.

use super::{AssociationRow, PartnerSummary};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[server(endpoint = "list_partners")]
pub async fn list_partners() -> Result<Vec<PartnerSummary>, AppError> {
    super::service::list_partners(&call().await?).await
}

#[server(endpoint = "create_partner")]
pub async fn create_partner(
    account_name: String,
    display_name: String,
    partner_type: String,
    distributor_id: Option<String>,
    password: String,
) -> Result<(), AppError> {
    let call = call().await?;
    call.actor.require_operator()?;
    let form = super::service::NewPartner::parse(
        &account_name,
        &display_name,
        &partner_type,
        distributor_id.as_deref(),
        &password,
    )?;
    super::service::create_partner(&call, form).await?;
    Ok(())
}

/// The newest associations across partners, current and ended (at most 200; `q` narrows by
/// partner or customer account name).
#[server(endpoint = "list_associations")]
pub async fn list_associations(q: Option<String>) -> Result<Vec<AssociationRow>, AppError> {
    super::service::list_associations(&call().await?, q.as_deref()).await
}
