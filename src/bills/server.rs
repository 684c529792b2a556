//! Bills server functions.

use super::PartnerBill;
use crate::core::error::AppError;
#[cfg(feature = "ssr")]
use crate::identity::call;
use leptos::prelude::*;

/// The partner bill of a month, by customer or by product.
#[server(endpoint = "load_partner_bill")]
pub async fn load_partner_bill(
    cycle: Option<String>,
    by: Option<String>,
    page: Option<u32>,
) -> Result<PartnerBill, AppError> {
    super::service::partner_bill(
        &call().await?,
        cycle.as_deref(),
        by.as_deref(),
        page.unwrap_or(1),
    )
    .await
}
