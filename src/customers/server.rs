//! Customer server functions.

use super::{CustomerFilter, CustomerPage, CustomerProfile};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[server(endpoint = "list_customers")]
pub async fn list_customers(filter: CustomerFilter) -> Result<CustomerPage, AppError> {
    super::service::list(&call().await?, &filter).await
}

/// Assigns the chosen customers (`customers[N]=id` checkboxes) to a customer manager, or removes
/// their manager when `manager` is empty. The assignment date restarts for each.
#[server(endpoint = "assign_customer_manager")]
pub async fn assign_customer_manager(
    manager: String,
    customers: Option<Vec<String>>,
) -> Result<(), AppError> {
    let customers = customers.unwrap_or_default();
    super::assign::assign_manager(&call().await?, &manager, &customers).await
}

#[server(endpoint = "customer_detail")]
pub async fn customer_detail(id: String) -> Result<CustomerProfile, AppError> {
    super::overview::detail(&call().await?, &id).await
}
