//! Starting an export (the caller's reach checked now, kept with the job), the caller's export
//! history, and the files of a finished one.

use super::{store, ExportFormat, ExportRow};
use crate::audit::service::{commit, AuditEntry};
use crate::audit::AuditAction;
use crate::consumption::service::{manager_choices, must_pick, search};
use crate::consumption::ConsumptionFilter;
use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::server::Call;
use std::path::PathBuf;
use uuid::Uuid;

/// Queues an export of the consumption records the filter selects; returns its id.
pub async fn start_consumption_export(
    call: &Call,
    filter: &ConsumptionFilter,
    format: &str,
) -> Result<Uuid, AppError> {
    let format = ExportFormat::parse(format.trim())
        .ok_or_else(|| AppError::field("format", Msg::ErrBadChoice))?;
    let mut conn = call.pool().acquire().await?;
    let managers = manager_choices(&mut conn, call).await?;
    if must_pick(&managers, filter) {
        return Err(AppError::field("manager", Msg::ErrPickManager));
    }
    let (search, _) = search(&mut conn, call, filter, None).await?;
    drop(conn);
    let id = Uuid::new_v4();
    let text = serde_json::to_string(&search).map_err(|_| AppError::Internal)?;
    let mut tx = call.begin().await?;
    store::insert(
        &mut tx,
        &store::NewJob {
            id,
            partner: search.reach.partner,
            actor_kind: call.actor.kind.code(),
            actor: call.actor.id,
            format: format.code(),
            search: text,
            at: call.now(),
        },
    )
    .await?;
    commit(
        tx,
        call,
        AuditEntry::success(
            AuditAction::ExportStart,
            format!("consumption_records {} {id}", format.code()),
        ),
    )
    .await?;
    Ok(id)
}

/// The caller's exports, newest first.
pub async fn mine(call: &Call) -> Result<Vec<ExportRow>, AppError> {
    call.actor.require_partner()?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::mine(&mut conn, call.actor.id).await?)
}

/// Where a job's files are kept.
pub fn dir_of(call_or_data_dir: &std::path::Path, id: Uuid) -> PathBuf {
    call_or_data_dir.join("exports").join(id.to_string())
}

/// The name of a job's `part`-th file (from 1).
pub fn part_name(part: i32, format: &str) -> String {
    format!("consumption-records-{part}.{format}")
}

/// A file of one of the caller's finished exports: its path and the name to save it as.
/// Anyone else's export, or a part it does not have, is not found.
pub async fn file(call: &Call, id: &str, part: &str) -> Result<(PathBuf, String), AppError> {
    call.actor.require_partner()?;
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let part: i32 = part.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = call.pool().acquire().await?;
    let (format, parts) = store::done_of(&mut conn, id, call.actor.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !(1..=parts).contains(&part) {
        return Err(AppError::NotFound);
    }
    let name = part_name(part, &format);
    Ok((dir_of(&call.state.config.data_dir, id).join(&name), name))
}
