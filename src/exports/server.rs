//! Export server functions.

use super::ExportRow;
use crate::audit::AuditFilter;
use crate::consumption::ConsumptionFilter;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// The "unmask" checkbox: ticked is `1`; absent (or anything else) keeps the masked default.
#[cfg(feature = "ssr")]
fn ticked(unmask: &Option<String>) -> bool {
    unmask.as_deref() == Some("1")
}

/// Queues an export of the consumption records the filter selects (`content` absent or
/// `records`), or of their summary (`summary`, grouped as the filter says), then shows the
/// exports.
#[server(endpoint = "start_consumption_export")]
pub async fn start_consumption_export(
    #[server(default)] filter: ConsumptionFilter,
    format: String,
    unmask: Option<String>,
    content: Option<String>,
) -> Result<String, AppError> {
    let call = call().await?;
    let what = (content.as_deref(), format.as_str());
    let id =
        super::service::start_consumption_export(&call, &filter, what, ticked(&unmask)).await?;
    leptos_axum::redirect("/partner/exports");
    Ok(id.to_string())
}

/// Queues an export of the audit records the filter selects, then shows the exports.
#[server(endpoint = "start_audit_export")]
pub async fn start_audit_export(
    #[server(default)] filter: AuditFilter,
    format: String,
    unmask: Option<String>,
) -> Result<String, AppError> {
    let call = call().await?;
    let id = super::service::start_audit_export(&call, &filter, &format, ticked(&unmask)).await?;
    leptos_axum::redirect("/partner/exports");
    Ok(id.to_string())
}

/// The caller's exports, newest first, with their progress.
#[server(endpoint = "my_exports")]
pub async fn my_exports() -> Result<Vec<ExportRow>, AppError> {
    super::service::mine(&call().await?).await
}
