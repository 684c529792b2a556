//! Export server functions.

use super::ExportRow;
use crate::consumption::ConsumptionFilter;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// Queues an export of the consumption records the filter selects, then shows the exports.
#[server(endpoint = "start_consumption_export")]
pub async fn start_consumption_export(
    filter: ConsumptionFilter,
    format: String,
) -> Result<String, AppError> {
    let id = super::service::start_consumption_export(&call().await?, &filter, &format).await?;
    leptos_axum::redirect("/partner/exports");
    Ok(id.to_string())
}

/// The caller's exports, newest first, with their progress.
#[server(endpoint = "my_exports")]
pub async fn my_exports() -> Result<Vec<ExportRow>, AppError> {
    super::service::mine(&call().await?).await
}
