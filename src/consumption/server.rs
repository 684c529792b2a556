//! Consumption server functions. Reads only: each names its permission item in the service.
//! The operator's import is a file upload (`web::uploads`), not a server function.

use super::{ConsumptionFilter, Dashboard, LoadRow, MyBills, RecordPage, SummaryPage};
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

#[server(endpoint = "consumption_summary")]
pub async fn consumption_summary(filter: ConsumptionFilter) -> Result<SummaryPage, AppError> {
    super::service::summary(&call().await?, &filter).await
}

#[server(endpoint = "consumption_records")]
pub async fn consumption_records(filter: ConsumptionFilter) -> Result<RecordPage, AppError> {
    super::service::records(&call().await?, &filter).await
}

#[server(endpoint = "consumption_dashboard")]
pub async fn consumption_dashboard(filter: ConsumptionFilter) -> Result<Dashboard, AppError> {
    super::dashboard::dashboard(&call().await?, &filter).await
}

/// The signed-in customer's monthly bills.
#[server(endpoint = "load_my_bills")]
pub async fn load_my_bills(cycle: Option<String>, page: Option<u32>) -> Result<MyBills, AppError> {
    super::service::my_bills(&call().await?, cycle.as_deref(), page.unwrap_or(1)).await
}

/// The operator's newest loads, refused ones with their problems, and the chosen one first.
#[server(endpoint = "consumption_loads")]
pub async fn consumption_loads(chosen: Option<String>) -> Result<Vec<LoadRow>, AppError> {
    super::import::recent(&call().await?, chosen.as_deref()).await
}
