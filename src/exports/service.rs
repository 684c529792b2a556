//! Starting an export (the caller's reach checked now and kept with the job, personal data
//! unmasked only for a holder of `sales.data.unmask`, audited), the caller's export history,
//! and the files of a finished one.

use super::{store, ExportFormat, ExportKind, ExportRow, SummarySearch};
use crate::audit::service::{commit, unmask, AuditEntry};
use crate::audit::{AuditAction, AuditFilter};
use crate::consumption::service::{grouping_of, manager_choices, must_pick, search};
use crate::consumption::{ConsumptionFilter, Grouping};
use crate::core::error::AppError;
use crate::core::i18n::{Msg, Text};
use crate::server::Call;
use std::path::PathBuf;
use uuid::Uuid;

fn format_of(code: &str) -> Result<ExportFormat, AppError> {
    ExportFormat::parse(code.trim()).ok_or_else(|| AppError::field("format", Msg::ErrBadChoice))
}

/// Queues a job for a search already checked against the caller, with its audit records in
/// the same transaction: the start, and the unmasking when asked for (and allowed).
/// Exports a user may have waiting or running at once.
const MAX_UNFINISHED: i64 = 3;

async fn queue(
    call: &Call,
    (kind, format): (ExportKind, ExportFormat),
    (partner, search): (Uuid, String),
    unmask_asked: bool,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let mut tx = call.begin().await?;
    // One server's worker takes jobs oldest first: a user's endless queue would hold up every
    // other partner's exports.
    if store::unfinished(&mut tx, call.actor.kind.code(), call.actor.id).await? >= MAX_UNFINISHED {
        return Err(AppError::Refused(
            Text::new(Msg::ErrTooManyExports).arg("max", MAX_UNFINISHED),
        ));
    }
    let what = format!("{} {} {id}", kind.code(), format.code());
    let unmasked = unmask(&mut tx, call, unmask_asked, &what).await?;
    store::insert(
        &mut tx,
        &store::NewJob {
            id,
            partner,
            actor_kind: call.actor.kind.code(),
            actor: call.actor.id,
            kind,
            format,
            unmasked,
            search,
            at: call.now(),
        },
    )
    .await?;
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::ExportStart, what),
    )
    .await?;
    Ok(id)
}

/// What a consumption export holds: `records` (the default) or `summary` (by the filter's
/// grouping).
fn content_of(content: Option<&str>) -> Result<ExportKind, AppError> {
    match content.map(str::trim).unwrap_or("records") {
        "records" | "" => Ok(ExportKind::ConsumptionRecords),
        "summary" => Ok(ExportKind::ConsumptionSummary),
        _ => Err(AppError::field("content", Msg::ErrBadChoice)),
    }
}

/// Queues an export of the consumption records the filter selects, or of its summary; returns
/// its id. The reach and filters are the pages' own, checked now and kept with the job.
pub async fn start_consumption_export(
    call: &Call,
    filter: &ConsumptionFilter,
    (content, format): (Option<&str>, &str),
    unmask_asked: bool,
) -> Result<Uuid, AppError> {
    let kind = content_of(content)?;
    let format = format_of(format)?;
    // The grouping is the summary's; a records export ignores it, as the records page does.
    let group = match kind {
        ExportKind::ConsumptionSummary => grouping_of(filter)?,
        _ => Grouping::Customer,
    };
    let mut conn = call.pool().acquire().await?;
    let managers = manager_choices(&mut conn, call).await?;
    if must_pick(&managers, filter) {
        return Err(AppError::field("manager", Msg::ErrPickManager));
    }
    let (search, _) = search(&mut conn, call, filter, None).await?;
    drop(conn);
    let partner = search.reach.partner;
    let text = match kind {
        ExportKind::ConsumptionSummary => serde_json::to_string(&SummarySearch { search, group }),
        _ => serde_json::to_string(&search),
    }
    .map_err(|_| AppError::Internal)?;
    queue(call, (kind, format), (partner, text), unmask_asked).await
}

/// Queues an export of the audit records the filter selects (every page, not one); returns
/// its id. The reach is the Audit page's: a member narrowed to its customers gets its own.
pub async fn start_audit_export(
    call: &Call,
    filter: &AuditFilter,
    format: &str,
    unmask_asked: bool,
) -> Result<Uuid, AppError> {
    let format = format_of(format)?;
    let (search, _, _) = crate::audit::service::search_of(call, filter)?;
    let text = serde_json::to_string(&search).map_err(|_| AppError::Internal)?;
    queue(
        call,
        (ExportKind::AuditLog, format),
        (search.partner, text),
        unmask_asked,
    )
    .await
}

/// The caller's exports, newest first.
pub async fn mine(call: &Call) -> Result<Vec<ExportRow>, AppError> {
    call.actor.require_partner()?;
    let mut conn = call.pool().acquire().await?;
    Ok(store::mine(&mut conn, call.actor.id).await?)
}

/// Where a job's files are kept.
pub fn dir_of(data_dir: &std::path::Path, id: Uuid) -> PathBuf {
    data_dir.join("exports").join(id.to_string())
}

/// The name of a job's `part`-th file (from 1).
pub fn part_name(kind: ExportKind, part: i32, format: ExportFormat) -> String {
    format!("{}-{part}.{}", kind.file_stem(), format.code())
}

/// A file of one of the caller's finished exports: its path and the name to save it as.
/// Anyone else's export, or a part it does not have, is not found.
pub async fn file(call: &Call, id: &str, part: &str) -> Result<(PathBuf, String), AppError> {
    call.actor.require_partner()?;
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let part: i32 = part.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = call.pool().acquire().await?;
    let (kind, format, parts) = store::done_of(&mut conn, id, call.actor.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(kind), Some(format)) = (ExportKind::parse(&kind), ExportFormat::parse(&format))
    else {
        return Err(AppError::NotFound);
    };
    if !(1..=parts).contains(&part) {
        return Err(AppError::NotFound);
    }
    let name = part_name(kind, part, format);
    Ok((dir_of(&call.state.config.data_dir, id).join(&name), name))
}
