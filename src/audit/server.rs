//! The Audit page's server function.

use super::AuditFilter;
use super::AuditPage;
use crate::core::error::AppError;
use leptos::prelude::*;

/// The partner's audit records: last 7 days by default, filtered by actor, action and dates.
#[server(endpoint = "list_audit")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    super::service::list(&crate::identity::call().await?, &filter).await
}
