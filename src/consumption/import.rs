//! The operator's CSV import, in the background: the upload answers at once with the load's
//! id, and the import page shows its progress until it is loaded or refused. The file is read,
//! checked line by line and loaded whole or not at all by the same load as every other
//! ([`super::load`]), on the server that received it; a server that stops mid-way leaves nothing
//! loaded, and the page calls the import interrupted once its heartbeat is five minutes old.

use super::intake::parse_csv;
use super::load::{load, refuse, Loader, Tracked};
use super::{store, LoadReport, LoadRow};
use crate::audit::service::AuditActor;
use crate::core::error::AppError;
use crate::server::Call;
use uuid::Uuid;

/// A running import with no heartbeat for this long belongs to a server that stopped.
pub const STALE_AFTER: chrono::Duration = chrono::Duration::minutes(5);

/// Starts importing a CSV file of fee records; returns the load's id at once.
pub async fn start_import<B>(call: &Call, file_name: &str, bytes: B) -> Result<Uuid, AppError>
where
    B: AsRef<[u8]> + Send + 'static,
{
    call.actor.require_operator()?;
    let now = call.now();
    let id = Uuid::new_v4();
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(128)
        .collect();
    let loader = Loader {
        who: AuditActor::from(&call.actor),
        source: call.source,
        kind: "import",
        file_name: Some(name.clone()),
        tracked: Some(Tracked {
            id,
            clock: call.state.clock.clone(),
        }),
    };
    let running = store::StoredLoad {
        id,
        source: loader.kind.to_string(),
        file_name: Some(name),
        loaded_by: loader.who.name.clone(),
        report: LoadReport {
            rows: 0,
            added: 0,
            problems: vec![],
        },
        at: now,
    };
    store::start_load(call.pool(), &running).await?;
    let pool = call.pool().clone();
    let clock = call.state.clock.clone();
    tokio::spawn(async move {
        // Checking a file is CPU work: off the request threads.
        let parsed = tokio::task::spawn_blocking(move || parse_csv(bytes.as_ref(), now)).await;
        let outcome = match parsed {
            Ok(Ok(records)) => load(&pool, &loader, records, now).await,
            Ok(Err(problems)) => refuse(&pool, &loader, id, 0, problems, now).await,
            Err(_) => Err(AppError::Internal),
        };
        if let Err(e) = outcome {
            tracing::warn!(load = %id, error = ?e, "import failed");
            if let Err(e) = store::fail_load(&pool, id, clock.now()).await {
                tracing::warn!(load = %id, error = ?e, "recording a failed import");
            }
        }
    });
    Ok(id)
}

/// The operator's view of the newest loads (the import page's history).
pub async fn recent(call: &Call) -> Result<Vec<LoadRow>, AppError> {
    call.actor.require_operator()?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::recent_loads(&mut conn, 20, call.now() - STALE_AFTER)
        .await?
        .into_iter()
        .map(|l| LoadRow {
            id: l.load.id.to_string(),
            source: l.load.source,
            file_name: l.load.file_name,
            loaded_by: l.load.loaded_by,
            status: l.status,
            rows_done: l.rows_done,
            report: l.load.report,
            at: l.load.at,
        })
        .collect())
}
