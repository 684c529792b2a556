//! The Account Centre home's server function.

use super::AccountOverview;
use crate::core::error::AppError;
use leptos::prelude::*;

/// The signed-in customer's own account and partner links; nobody else's.
#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    super::service::my_account(&crate::identity::call().await?).await
}
