//! The export worker: every server takes queued jobs one at a time (`FOR UPDATE SKIP LOCKED`,
//! so two servers never take the same), streams the rows from the database into the files and
//! reports its progress as it goes. Memory stays flat: rows are written as they arrive, CSV
//! through a buffered file, XLSX by `rust_xlsxwriter` in constant-memory mode.
//!
//! A job whose server stopped mid-way has a stale heartbeat; another server takes it again from
//! the start, and the first one's claim (its attempt) is refused if it ever wakes up. Finished
//! exports' files are deleted after [`KEEP_DAYS`].

use super::rows::{Exported, GroupRow, Value};
use super::service::{dir_of, part_name};
use super::{store, ExportFormat, ExportKind, KEEP_DAYS, ROWS_PER_PART};
use crate::audit::store as audit_store;
use crate::consumption::query::{self, RecordLine, Search};
use crate::consumption::{RecordRow, SummaryRow};
use crate::core::error::AppError;
use crate::core::export::{neutralise, Cell, CsvWriter};
use crate::server::AppState;
use futures_util::{Stream, TryStreamExt};
use rust_decimal::prelude::ToPrimitive;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Progress is reported (and the heart beats) every this many rows.
const REPORT_EVERY: u64 = 20_000;
/// A running job with no heartbeat for this long belongs to a server that stopped.
pub const STALE_AFTER: chrono::Duration = chrono::Duration::minutes(5);

fn io_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "export file");
    AppError::Internal
}

/// The files of one job, a new one every [`ROWS_PER_PART`] rows.
enum Sink {
    Csv(Option<Box<CsvWriter<BufWriter<File>>>>),
    Xlsx(Option<Box<rust_xlsxwriter::Workbook>>),
}

struct Files {
    dir: PathBuf,
    kind: ExportKind,
    format: ExportFormat,
    sink: Sink,
    parts: i32,
    in_part: u64,
    /// XLSX's format of amounts: two places.
    money: rust_xlsxwriter::Format,
}

impl Files {
    fn new(dir: &Path, kind: ExportKind, format: ExportFormat) -> Files {
        Files {
            dir: dir.to_path_buf(),
            kind,
            format,
            sink: match format {
                ExportFormat::Csv => Sink::Csv(None),
                ExportFormat::Xlsx => Sink::Xlsx(None),
            },
            parts: 0,
            in_part: 0,
            money: rust_xlsxwriter::Format::new().set_num_format("0.00"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.join(part_name(self.kind, self.parts, self.format))
    }

    /// Closes the current file, if one is open.
    fn close(&mut self) -> Result<(), AppError> {
        let path = self.path();
        match &mut self.sink {
            Sink::Csv(w) => {
                if let Some(w) = w.take() {
                    std::io::Write::flush(&mut (*w).finish()?).map_err(io_error)?;
                }
            }
            Sink::Xlsx(book) => {
                if let Some(mut book) = book.take() {
                    book.save(&path).map_err(io_error)?;
                }
            }
        }
        Ok(())
    }

    /// Opens the next file, with its header.
    fn open(&mut self) -> Result<(), AppError> {
        self.close()?;
        self.parts += 1;
        self.in_part = 0;
        let path = self.path();
        let columns = self.kind.columns();
        match &mut self.sink {
            Sink::Csv(w) => {
                let file = File::create(&path).map_err(io_error)?;
                *w = Some(Box::new(CsvWriter::to(BufWriter::new(file), columns)?));
            }
            Sink::Xlsx(book) => {
                let mut new = rust_xlsxwriter::Workbook::new();
                new.set_tempdir(&self.dir).map_err(io_error)?;
                let sheet = new.add_worksheet_with_constant_memory();
                for (col, name) in columns.iter().enumerate() {
                    sheet.write_string(0, col as u16, *name).map_err(io_error)?;
                }
                *book = Some(Box::new(new));
            }
        }
        Ok(())
    }

    fn row(&mut self, values: &[Value<'_>]) -> Result<(), AppError> {
        if self.parts == 0 || self.in_part >= ROWS_PER_PART {
            self.open()?;
        }
        self.in_part += 1;
        match &mut self.sink {
            Sink::Csv(Some(w)) => {
                let row: Vec<Cell<'_>> = values
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => Cell::Text(t),
                        Value::Number(n) | Value::Amount(n) => Cell::Number(*n),
                    })
                    .collect();
                w.row(&row)
            }
            Sink::Xlsx(Some(book)) => {
                let sheet = book.worksheet_from_index(0).map_err(io_error)?;
                let row = self.in_part as u32;
                for (col, v) in values.iter().enumerate() {
                    let col = col as u16;
                    match v {
                        Value::Text(t) => sheet.write_string(row, col, neutralise(t).as_ref()),
                        Value::Number(n) => sheet.write_number(row, col, n.to_f64().unwrap_or(0.0)),
                        Value::Amount(n) => sheet.write_number_with_format(
                            row,
                            col,
                            n.to_f64().unwrap_or(0.0),
                            &self.money,
                        ),
                    }
                    .map_err(io_error)?;
                }
                Ok(())
            }
            _ => Err(AppError::Internal),
        }
    }
}

/// Reports progress under this worker's claim; a claim taken by another server stops the job.
async fn report(
    state: &AppState,
    claim: (uuid::Uuid, i32),
    total: Option<i64>,
    done: (u64, i32),
) -> Result<(), AppError> {
    let now = state.clock.now();
    if store::progress(&state.pool, claim, total, (done.0 as i64, done.1), now).await? {
        Ok(())
    } else {
        tracing::warn!(job = %claim.0, "export taken again by another server; stopping");
        Err(AppError::Internal)
    }
}

/// Writes every row of the stream, reporting progress; returns how many.
async fn drain<T: Exported>(
    state: &AppState,
    (claim, unmasked): ((uuid::Uuid, i32), bool),
    rows: impl Stream<Item = sqlx::Result<T>>,
    files: &mut Files,
) -> Result<u64, AppError> {
    let mut rows = std::pin::pin!(rows);
    let mut done = 0u64;
    while let Some(row) = rows.try_next().await? {
        files.row(&row.cells(unmasked))?;
        done += 1;
        if done.is_multiple_of(REPORT_EVERY) {
            report(state, claim, None, (done, files.parts)).await?;
        }
    }
    Ok(done)
}

/// Writes one job's files, reporting its progress.
async fn write(state: &AppState, job: &store::Claimed) -> Result<(), AppError> {
    let (Some(kind), Some(format)) = (
        ExportKind::parse(&job.kind),
        ExportFormat::parse(&job.format),
    ) else {
        return Err(AppError::Internal);
    };
    let bad = |_| AppError::Internal;
    let claim = (job.id, job.attempt);
    let dir = dir_of(&state.config.data_dir, job.id);
    // A job taken again starts over: what an earlier attempt wrote goes.
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io_error)?;
    }
    std::fs::create_dir_all(&dir).map_err(io_error)?;
    let mut conn = state.pool.acquire().await?;
    let mut files = Files::new(&dir, kind, format);
    let how = (claim, job.unmasked);
    let done = match kind {
        ExportKind::ConsumptionRecords => {
            let search: Search = serde_json::from_str(&job.search).map_err(bad)?;
            let total = query::count_all(&mut conn, &search).await?;
            report(state, claim, Some(total), (0, 0)).await?;
            let mut q = query::export_query(&search);
            let rows = q
                .build_query_as::<RecordLine>()
                .fetch(&mut *conn)
                .map_ok(RecordRow::from);
            drain(state, how, rows, &mut files).await?
        }
        ExportKind::ConsumptionSummary => {
            let job: super::SummarySearch = serde_json::from_str(&job.search).map_err(bad)?;
            // The first row of a one-row page carries the count of every row.
            let (_, _, total) = query::summary(&mut conn, &job.search, job.group, 1, 0).await?;
            report(state, claim, Some(total), (0, 0)).await?;
            let mut q = query::summary_query(&job.search, job.group, None);
            let rows = q
                .build_query_as::<query::SummaryLine>()
                .fetch(&mut *conn)
                .map_ok(|l| GroupRow(job.group, SummaryRow::from(l)));
            drain(state, how, rows, &mut files).await?
        }
        ExportKind::AuditLog => {
            let search: audit_store::Search = serde_json::from_str(&job.search).map_err(bad)?;
            let total = audit_store::count(&mut conn, &search).await?;
            report(state, claim, Some(total), (0, 0)).await?;
            let rows = audit_store::stream(&mut conn, &search);
            drain(state, how, rows, &mut files).await?
        }
    };
    if files.parts == 0 {
        // Nothing matched: one file with the header alone.
        files.open()?;
    }
    files.close()?;
    report(state, claim, None, (done, files.parts)).await
}

/// Runs the oldest queued job (or one a stopped server left), if there is one; returns whether
/// it ran one.
pub async fn run_next(state: &AppState) -> Result<bool, AppError> {
    let now = state.clock.now();
    let Some(job) = store::claim(&state.pool, now, now - STALE_AFTER).await? else {
        return Ok(false);
    };
    let outcome = write(state, &job).await;
    if let Err(e) = &outcome {
        tracing::warn!(job = %job.id, error = ?e, "export failed");
    }
    let claim = (job.id, job.attempt);
    store::finish(&state.pool, claim, outcome.is_ok(), state.clock.now()).await?;
    Ok(true)
}

/// Deletes the files of exports finished more than [`KEEP_DAYS`] ago; returns how many.
pub async fn expire_old(state: &AppState) -> Result<usize, AppError> {
    let before = state.clock.now() - chrono::Duration::days(KEEP_DAYS);
    let ids = store::expire(&state.pool, before).await?;
    for id in &ids {
        let dir = dir_of(&state.config.data_dir, *id);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_error)?;
        }
    }
    Ok(ids.len())
}

/// Runs queued exports on this server for as long as it serves, and expires old files hourly.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_expiry: Option<tokio::time::Instant> = None;
        loop {
            if last_expiry.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
                last_expiry = Some(tokio::time::Instant::now());
                if let Err(e) = expire_old(&state).await {
                    tracing::warn!(error = ?e, "expiring old exports; retrying later");
                }
            }
            match run_next(&state).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = ?e, "export worker; retrying later"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}
