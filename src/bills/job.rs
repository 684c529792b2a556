//! The job that makes the partner bills: every minute on every server, it closes each month
//! whose 5th (00:00 Beijing time) has come, once: the first server's update of the month's open
//! row wins, the others find it closed. A month is closed in one transaction with its bill lines
//! and one audit record per partner billed.

use super::{rules, store};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::core::viewer::ActorKind;
use crate::server::AppState;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(60);

/// Closes the months due at `now`; returns how many this call closed.
pub async fn make_due_bills(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, AppError> {
    let who = AuditActor {
        kind: ActorKind::System,
        id: None,
        name: "system".into(),
        partner_id: None,
    };
    let last = rules::last_billable(now).first_day().date();
    let mut conn = pool.acquire().await?;
    let due = store::open_months(&mut conn, last).await?;
    drop(conn);
    let mut made = 0;
    for cycle in due {
        let mut tx = pool.begin().await?;
        let Some(partners) = store::close_month(&mut tx, cycle, now).await? else {
            tx.rollback().await?;
            continue;
        };
        // One record per partner billed, and one of the month itself (every closing leaves
        // a trace, a month with no partner's records too).
        let target = cycle.format("%Y-%m").to_string();
        record(
            &mut tx,
            &who,
            None,
            &AuditEntry::success(AuditAction::BillsMade, target.clone()),
        )
        .await?;
        for partner in partners {
            let entry =
                AuditEntry::success(AuditAction::BillsMade, target.clone()).for_partner(partner);
            record(&mut tx, &who, None, &entry).await?;
        }
        tx.commit().await?;
        made += 1;
    }
    Ok(made)
}

/// Runs the job on this server for as long as it serves (the first run at once).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            match make_due_bills(&state.pool, state.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(months = n, "partner bills made"),
                Err(e) => tracing::warn!(error = ?e, "bills not made; retrying later"),
            }
        }
    })
}
