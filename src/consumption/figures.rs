//! The summaries of a whole partner (not a manager's part), read through this server's cache.
//! They are sums of the kept sums or their rollups, which only a load changes, and every load
//! that adds records moves the data's version on in its own transaction (a trigger on its
//! record). Every request reads the version (one row) and takes its figures through
//! `server::figures_cache`: computed once per version, never lagging the newest commit by more
//! than a second on any server, and exact for views one after another.
//!
//! A manager's part is not cached: it reads the records themselves, through its associations,
//! which change without a load (an assignment, a customer leaving).

use super::query::{self, Search};
use super::{Figures, Grouping, SummaryRow};
use crate::core::error::AppError;
use crate::server::Call;
use sqlx::PgConnection;
use std::sync::Arc;

/// A page of summary rows, the totals of every row and how many rows there are.
pub type Summary = (Vec<SummaryRow>, Figures, i64);

/// The summary of `s` grouped by `group`, `limit` rows from `offset`, as of `version` (read on
/// this request by `store::version`).
pub async fn summary(
    call: &Call,
    conn: &mut PgConnection,
    s: &Search,
    (group, limit, offset): (Grouping, i64, i64),
    version: i64,
) -> Result<Arc<Summary>, AppError> {
    // A closed month's bill is written by the bills job, not a load: read, never cached.
    if s.reach.manager.is_some() || s.billed {
        return Ok(Arc::new(
            query::summary(conn, s, group, limit, offset).await?,
        ));
    }
    let key = serde_json::to_string(&("summary", s, group, limit, offset))
        .map_err(|_| AppError::Internal)?;
    let compute = query::summary(conn, s, group, limit, offset);
    Ok(call
        .state
        .caches
        .figures
        .get_or_compute(key, version, compute)
        .await?)
}
