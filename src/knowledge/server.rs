//! Knowledge server functions (operator).

use super::KnowledgeItem;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[server(endpoint = "list_knowledge")]
pub async fn list_knowledge() -> Result<Vec<KnowledgeItem>, AppError> {
    super::service::list(&call().await?).await
}

#[server(endpoint = "create_knowledge")]
pub async fn create_knowledge(
    category: String,
    title: String,
    summary: String,
    link: String,
) -> Result<(), AppError> {
    super::service::create(&call().await?, &category, &title, &summary, &link).await
}

#[server(endpoint = "delete_knowledge")]
pub async fn delete_knowledge(id: String) -> Result<(), AppError> {
    super::service::delete(&call().await?, &id).await
}
