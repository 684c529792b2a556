//! Loading fee records: the operator's CSV import and the generator's batches. A load is whole
//! or nothing: every line is checked first (each problem named with its line number), then all
//! records go in one transaction with the load's record and audit entry. Loads are idempotent by
//! record id: a record loaded before is skipped, not counted twice.

use super::intake::{parse_batch, problem, BatchRecord, MAX_PROBLEMS};
use super::rules::NewRecord;
use super::store::{self, StoredLoad};
use super::{LineProblem, LoadReport};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::server::clock::Clock;
use crate::server::Call;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashSet;
use std::net::IpAddr;
use uuid::Uuid;

/// Records per statement inside a load's transaction.
const CHUNK: usize = 5_000;

/// Who loads, as the load and its audit entry name them.
pub struct Loader {
    pub who: AuditActor,
    pub source: Option<IpAddr>,
    /// `import`, `api` or `generated`.
    pub kind: &'static str,
    pub file_name: Option<String>,
    /// A background import's running record, which the load reports its progress to.
    pub tracked: Option<Tracked>,
}

/// The record a background import keeps while it runs, and the clock its heartbeat reads.
pub struct Tracked {
    pub id: Uuid,
    pub clock: Clock,
}

impl Loader {
    /// The load as recorded: a background import's at its end (when its records show).
    pub(super) fn stored(&self, id: Uuid, report: LoadReport, at: DateTime<Utc>) -> StoredLoad {
        let at = self.tracked.as_ref().map_or(at, |t| t.clock.now());
        StoredLoad {
            id,
            source: self.kind.to_string(),
            file_name: self.file_name.clone(),
            loaded_by: self.who.name.clone(),
            report,
            at,
        }
    }

    /// The load's record and audit entry, in the load's transaction (a refused load: alone).
    async fn record(&self, conn: &mut PgConnection, load: &StoredLoad) -> Result<(), AppError> {
        store::record_load(conn, load).await?;
        let target = format!(
            "{} {} {}",
            self.file_name.as_deref().unwrap_or(self.kind),
            load.report.rows,
            load.report.added
        );
        let entry = if load.report.problems.is_empty() {
            AuditEntry::success(AuditAction::ConsumptionLoad, target)
        } else {
            AuditEntry::failure(AuditAction::ConsumptionLoad, target)
        };
        record(conn, &self.who, self.source, &entry).await?;
        Ok(())
    }

    /// A background import's progress (nothing for other loads): `done` of `total` records.
    /// Only shown, so a failure to write it is logged and the load goes on.
    async fn progress(&self, pool: &PgPool, done: u64, total: u64) {
        if let Some(t) = &self.tracked {
            if let Err(e) = store::load_progress(pool, t.id, (done, total), t.clock.now()).await {
                tracing::warn!(load = %t.id, error = ?e, "an import's progress");
            }
        }
    }
}

/// Loads checked records, whole or nothing: unknown customers are reported by line, and the
/// refused load is recorded with its problems. Months new to the store get their partitions
/// first. Returns the load's id and what it did.
pub async fn load(
    pool: &PgPool,
    loader: &Loader,
    records: Vec<(u64, NewRecord)>,
    now: DateTime<Utc>,
) -> Result<(Uuid, LoadReport), AppError> {
    let id = loader.tracked.as_ref().map_or_else(Uuid::new_v4, |t| t.id);
    let rows = records.len() as u64;
    loader.progress(pool, 0, rows).await;
    let mut conn = pool.acquire().await?;
    let mut customers: Vec<Uuid> = records.iter().map(|(_, r)| r.customer_id).collect();
    customers.sort();
    customers.dedup();
    let known: HashSet<Uuid> = store::known_customers(&mut conn, &customers)
        .await?
        .into_iter()
        .collect();
    let problems: Vec<LineProblem> = records
        .iter()
        .filter(|(_, r)| !known.contains(&r.customer_id))
        .take(MAX_PROBLEMS)
        .map(|(line, _)| problem(*line, "customer_id", Msg::ErrUnknownCustomer))
        .collect();
    if !problems.is_empty() {
        return refuse(pool, loader, id, rows, problems, now).await;
    }
    let mut months: Vec<_> = records
        .iter()
        .map(|(_, r)| super::rules::cycle_of(r.trade_time))
        .collect();
    months.sort();
    months.dedup();
    // Imports stop at a month's closing time; the generator may fill past months not closed yet
    // (the demo's first start).
    let late: Vec<_> = if loader.kind == "generated" {
        vec![]
    } else {
        months
            .iter()
            .copied()
            .filter(|m| crate::bills::rules::closes_at_date(*m) <= now)
            .collect()
    };
    if !late.is_empty() {
        return refuse(pool, loader, id, rows, closed_lines(&records, &late), now).await;
    }
    store::ensure_months(&mut conn, &months).await?;
    store::open_months(&mut conn, &months).await?;
    drop(conn);

    let mut tx = pool.begin().await?;
    let closed = store::hold_months(&mut tx, &months).await?;
    if !closed.is_empty() {
        tx.rollback().await?;
        return refuse(pool, loader, id, rows, closed_lines(&records, &closed), now).await;
    }
    let records: Vec<NewRecord> = records.into_iter().map(|(_, r)| r).collect();
    let (mut added, mut done, mut rollups) = (0, 0, store::Rollups::default());
    for chunk in records.chunks(CHUNK) {
        added += store::add_records(&mut tx, id, chunk, &mut rollups).await?;
        done += chunk.len() as u64;
        loader.progress(pool, done, rows).await;
    }
    store::add_rollups(&mut tx, &rollups).await?;
    let report = LoadReport {
        rows,
        added,
        problems: vec![],
    };
    let stored = loader.stored(id, report.clone(), now);
    // Recording the load moves the data's version on (a trigger), late in the transaction.
    loader.record(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok((id, report))
}

/// The lines of records in closed months, as problems.
fn closed_lines(records: &[(u64, NewRecord)], closed: &[chrono::NaiveDate]) -> Vec<LineProblem> {
    records
        .iter()
        .filter(|(_, r)| closed.contains(&super::rules::cycle_of(r.trade_time)))
        .take(MAX_PROBLEMS)
        .map(|(line, _)| problem(*line, "trade_time", Msg::ErrMonthClosed))
        .collect()
}

/// Records a refused load with its problems; nothing else changes.
pub(super) async fn refuse(
    pool: &PgPool,
    loader: &Loader,
    id: Uuid,
    rows: u64,
    problems: Vec<LineProblem>,
    now: DateTime<Utc>,
) -> Result<(Uuid, LoadReport), AppError> {
    let report = LoadReport {
        rows,
        added: 0,
        problems,
    };
    let mut tx = pool.begin().await?;
    loader
        .record(&mut tx, &loader.stored(id, report.clone(), now))
        .await?;
    tx.commit().await?;
    Ok((id, report))
}

/// The operator API loads a batch of records (see [`parse_batch`]), with the same checks and
/// the same whole-or-nothing rule as a file.
pub async fn ingest(call: &Call, batch: &[BatchRecord]) -> Result<(Uuid, LoadReport), AppError> {
    call.actor.require_operator()?;
    let now = call.now();
    let loader = Loader {
        who: AuditActor::from(&call.actor),
        source: call.source,
        kind: "api",
        file_name: None,
        tracked: None,
    };
    let rows = batch.len() as u64;
    match parse_batch(batch, now) {
        Ok(records) => load(call.pool(), &loader, records, now).await,
        Err(problems) => refuse(call.pool(), &loader, Uuid::new_v4(), rows, problems, now).await,
    }
}
