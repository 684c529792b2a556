//! The home page's server function.

use super::PartnerFigures;
use crate::core::error::AppError;
use leptos::prelude::*;

/// The home page's figures, each part only for the items the caller holds.
#[server(endpoint = "home_figures")]
pub async fn home_figures() -> Result<PartnerFigures, AppError> {
    super::service::home_figures(&crate::identity::call().await?).await
}
