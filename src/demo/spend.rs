//! The demo's consumption: months of generated spend by every associated customer, so that
//! Consumption, the dashboard and Bills show real figures on the first start.

use super::cast::SEED;
use super::DemoError;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// Months of generated spend (the current one included).
const MONTHS: u32 = 6;

pub(super) async fn load(
    pool: &PgPool,
    spenders: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DemoError> {
    let plan = crate::consumption::generate::Plan {
        months: MONTHS,
        per_customer_month: 12,
        seed: SEED,
    };
    crate::consumption::generate::fill(pool, spenders, plan, now)
        .await
        .map_err(|e| DemoError::Consumption(format!("{e:?}")))?;
    Ok(())
}
