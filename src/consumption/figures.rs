//! The summaries of a whole partner (not a manager's part), read through this server's cache.
//! They are sums of the kept sums or their rollups, which only a load changes, and every load
//! that adds records moves the data's version on in its own transaction (a trigger on its
//! record): a summary cached under the version read on this request, or a later one, is exact.
//! Every request reads the version (one row). While one request computes the figures of a
//! newer version, the others take the kept ones if a request found them current less than
//! `server::cache::FIGURES_LAG` (1 s) ago: no figure served lags the newest commit by more, on
//! any server. A request that finds nobody computing computes the figures of the version it
//! read, so views one after another (a test, one user) always show the newest commit.
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
    let caches = &call.state.caches;
    if let Some(hit) = caches.figures::<Summary>(&key, version) {
        return Ok(hit);
    }
    // Requests that miss at once (every view right after a load) compute it once; the others
    // meanwhile take the kept figures if they were current less than `FIGURES_LAG` ago.
    let _turn = match caches.try_figures_turn(&key) {
        Some(turn) => turn,
        None => match caches.recent_figures::<Summary>(&key) {
            Some(recent) => return Ok(recent),
            None => caches.figures_turn(&key).await,
        },
    };
    if let Some(hit) = caches.figures::<Summary>(&key, version) {
        return Ok(hit);
    }
    let fresh = Arc::new(query::summary(conn, s, group, limit, offset).await?);
    caches.store_figures(key, version, fresh.clone());
    Ok(fresh)
}
