//! The operator's CSV import, in the background: the upload answers at once with the load's
//! id, and the import page shows its progress until it is loaded or refused. The file is read,
//! checked line by line and loaded whole or not at all by the same load as every other
//! ([`super::load`]), on the server that received it; a server that stops mid-way leaves nothing
//! loaded, and the page calls the import interrupted once its heartbeat is five minutes old.

use super::intake::parse_csv;
use super::load::{load, refuse, Loader, Tracked};
use super::{store, LoadReport, LoadRow};
use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::AppError;
use crate::server::Call;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// A running import with no heartbeat for this long belongs to a server that stopped.
pub const STALE_AFTER: chrono::Duration = chrono::Duration::minutes(5);
/// How often a running import's task beats, whatever its load is waiting for.
const BEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(30);
/// Imports a server runs at once: each holds its file, its records and two connections; more
/// wait their turn (beating meanwhile) rather than starve the pages of connections.
static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// A file's name as shown and audited: no control or invisible formatting characters (a
/// right-to-left override could disguise it), at most 128 characters, never empty.
pub fn file_label(name: &str) -> String {
    let invisible = |c: char| {
        matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}' | '\u{feff}')
    };
    let label: String = name
        .chars()
        .filter(|c| !c.is_control() && !invisible(*c))
        .take(128)
        .collect();
    if label.trim().is_empty() {
        "upload.csv".to_string()
    } else {
        label
    }
}

/// Starts importing a CSV file of fee records; returns the load's id at once.
pub async fn start_import<B>(call: &Call, file_name: &str, bytes: B) -> Result<Uuid, AppError>
where
    B: AsRef<[u8]> + Send + 'static,
{
    call.actor.require_operator()?;
    let now = call.now();
    let id = Uuid::new_v4();
    let name = file_label(file_name);
    let loader = Loader {
        who: AuditActor::from(&call.actor),
        source: call.source,
        kind: "import",
        file_name: Some(name),
        tracked: Some(Tracked {
            id,
            clock: call.state.clock.clone(),
        }),
    };
    let running = loader.stored(id, LoadReport::default(), now);
    store::start_load(call.pool(), &running).await?;
    let pool = call.pool().clone();
    let clock = call.state.clock.clone();
    tokio::spawn(async move {
        let work = async {
            let _turn = RUNNING.acquire().await.map_err(|_| AppError::Internal)?;
            // Checking a file is CPU work: off the request threads.
            let parsed = tokio::task::spawn_blocking(move || parse_csv(bytes.as_ref(), now)).await;
            match parsed {
                Ok(Ok(records)) => load(&pool, &loader, records, now).await,
                Ok(Err(problems)) => refuse(&pool, &loader, id, 0, problems, now).await,
                Err(_) => Err(AppError::Internal),
            }
        };
        let mut work = std::pin::pin!(work);
        let mut beat = tokio::time::interval(BEAT_EVERY);
        let outcome = loop {
            tokio::select! {
                outcome = &mut work => break outcome,
                _ = beat.tick() => {
                    if let Err(e) = store::beat_load(&pool, id, clock.now()).await {
                        tracing::warn!(load = %id, error = ?e, "an import's heartbeat");
                    }
                }
            }
        };
        if let Err(e) = outcome {
            tracing::warn!(load = %id, error = ?e, "import failed");
            if let Err(e) = failed(&pool, &loader, clock.now()).await {
                tracing::warn!(load = %id, error = ?e, "recording a failed import");
            }
        }
    });
    Ok(id)
}

/// Records an import that stopped on an error (nothing of it was loaded), audited as a failure.
async fn failed(pool: &PgPool, loader: &Loader, now: DateTime<Utc>) -> Result<(), AppError> {
    let Some(tracked) = &loader.tracked else {
        return Ok(());
    };
    let mut tx = pool.begin().await?;
    store::fail_load(&mut tx, tracked.id, now).await?;
    let target = loader.file_name.clone().unwrap_or_default();
    let entry = AuditEntry::failure(AuditAction::ConsumptionLoad, target);
    record(&mut tx, &loader.who, loader.source, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The operator's view of the newest loads (the import page's history), the chosen one first
/// however old it is.
pub async fn recent(call: &Call, chosen: Option<&str>) -> Result<Vec<LoadRow>, AppError> {
    call.actor.require_operator()?;
    let chosen = chosen.and_then(|c| Uuid::parse_str(c.trim()).ok());
    let mut conn = call.pool().acquire().await?;
    Ok(
        store::recent_loads(&mut conn, 20, chosen, call.now() - STALE_AFTER)
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
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::file_label;

    #[test]
    fn a_file_label_keeps_no_control_or_invisible_characters() {
        assert_eq!(file_label("fees.csv"), "fees.csv");
        assert_eq!(file_label("fe\u{202e}vsc.exe"), "fevsc.exe");
        assert_eq!(file_label("a\u{200b}b\tc\u{feff}"), "abc");
        assert_eq!(file_label("\u{7}\u{202e} "), "upload.csv");
        assert_eq!(file_label(&"x".repeat(500)).chars().count(), 128);
    }
}
