//! The export worker: every server takes queued jobs one at a time (`FOR UPDATE SKIP LOCKED`,
//! so two servers never take the same), streams the rows from the database into the files and
//! reports its progress as it goes. Memory stays flat: rows are written as they arrive, CSV
//! through a buffered file, XLSX by `rust_xlsxwriter` in constant-memory mode.

use super::service::{dir_of, part_name};
use super::{store, ExportFormat, RECORD_COLUMNS, ROWS_PER_PART};
use crate::consumption::query::{self, RecordLine, Search};
use crate::consumption::RecordRow;
use crate::core::error::AppError;
use crate::core::export::{neutralise, CsvWriter};
use crate::server::AppState;
use futures_util::TryStreamExt;
use rust_decimal::prelude::ToPrimitive;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Progress is reported every this many rows.
const REPORT_EVERY: u64 = 20_000;

fn io_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "export file");
    AppError::Internal
}

/// The cells of one record, in [`RECORD_COLUMNS`]' order: text as text, amounts as numbers.
enum Value<'a> {
    Text(&'a str),
    Number(rust_decimal::Decimal),
}

fn cells<'a>(r: &'a RecordRow, trade_time: &'a str) -> [Value<'a>; 18] {
    [
        Value::Text(&r.record_id),
        Value::Text(&r.cycle),
        Value::Text(&r.customer_id),
        Value::Text(&r.customer_name),
        Value::Text(&r.association_mode),
        Value::Text(&r.service_type),
        Value::Text(&r.resource_type),
        Value::Text(&r.resource_id),
        Value::Text(&r.region),
        Value::Number(r.charge_mode.into()),
        Value::Number(r.usage),
        Value::Text(&r.usage_unit),
        Value::Number(r.list),
        Value::Number(r.discount),
        Value::Number(r.coupon),
        Value::Number(r.cash),
        Value::Number(r.debt),
        Value::Text(trade_time),
    ]
}

/// The files of one job, a new one every [`ROWS_PER_PART`] rows.
enum Sink {
    Csv(Option<Box<CsvWriter<BufWriter<File>>>>),
    Xlsx(Option<Box<rust_xlsxwriter::Workbook>>),
}

struct Files {
    dir: PathBuf,
    format: ExportFormat,
    sink: Sink,
    parts: i32,
    in_part: u64,
}

impl Files {
    fn new(dir: &Path, format: ExportFormat) -> Files {
        Files {
            dir: dir.to_path_buf(),
            format,
            sink: match format {
                ExportFormat::Csv => Sink::Csv(None),
                ExportFormat::Xlsx => Sink::Xlsx(None),
            },
            parts: 0,
            in_part: 0,
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.join(part_name(self.parts, self.format.code()))
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
        match &mut self.sink {
            Sink::Csv(w) => {
                let file = File::create(&path).map_err(io_error)?;
                *w = Some(Box::new(CsvWriter::to(
                    BufWriter::new(file),
                    &RECORD_COLUMNS,
                )?));
            }
            Sink::Xlsx(book) => {
                let mut new = rust_xlsxwriter::Workbook::new();
                new.set_tempdir(&self.dir).map_err(io_error)?;
                let sheet = new.add_worksheet_with_constant_memory();
                for (col, name) in RECORD_COLUMNS.iter().enumerate() {
                    sheet.write_string(0, col as u16, *name).map_err(io_error)?;
                }
                *book = Some(Box::new(new));
            }
        }
        Ok(())
    }

    fn row(&mut self, r: &RecordRow) -> Result<(), AppError> {
        if self.parts == 0 || self.in_part >= ROWS_PER_PART {
            self.open()?;
        }
        self.in_part += 1;
        let trade_time = r.trade_time.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let values = cells(r, &trade_time);
        match &mut self.sink {
            Sink::Csv(Some(w)) => {
                let row: Vec<crate::core::export::Cell<'_>> = values
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => crate::core::export::Cell::Text(t),
                        Value::Number(n) => crate::core::export::Cell::Number(*n),
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
                    }
                    .map_err(io_error)?;
                }
                Ok(())
            }
            _ => Err(AppError::Internal),
        }
    }
}

/// Writes one job's files, reporting its progress.
async fn write(
    state: &AppState,
    id: uuid::Uuid,
    format: ExportFormat,
    search: &Search,
) -> Result<(), AppError> {
    let dir = dir_of(&state.config.data_dir, id);
    std::fs::create_dir_all(&dir).map_err(io_error)?;
    let mut conn = state.pool.acquire().await?;
    let total = query::count_all(&mut conn, search).await?;
    store::progress(&state.pool, id, Some(total), 0, 0).await?;
    let mut files = Files::new(&dir, format);
    let mut q = query::export_query(search);
    let mut rows = q.build_query_as::<RecordLine>().fetch(&mut *conn);
    let mut done = 0u64;
    while let Some(line) = rows.try_next().await? {
        files.row(&RecordRow::from(line))?;
        done += 1;
        if done.is_multiple_of(REPORT_EVERY) {
            store::progress(&state.pool, id, None, done as i64, files.parts).await?;
        }
    }
    drop(rows);
    if files.parts == 0 {
        // Nothing matched: one file with the header alone.
        files.open()?;
    }
    files.close()?;
    store::progress(&state.pool, id, None, done as i64, files.parts).await?;
    Ok(())
}

/// Runs the oldest queued job, if there is one; returns whether it ran one.
pub async fn run_next(state: &AppState) -> Result<bool, AppError> {
    let Some(job) = store::claim(&state.pool, state.clock.now()).await? else {
        return Ok(false);
    };
    let outcome = match (
        serde_json::from_str::<Search>(&job.search),
        ExportFormat::parse(&job.format),
    ) {
        (Ok(search), Some(format)) => write(state, job.id, format, &search).await,
        _ => Err(AppError::Internal),
    };
    if let Err(e) = &outcome {
        tracing::warn!(job = %job.id, error = ?e, "export failed");
    }
    store::finish(&state.pool, job.id, outcome.is_ok(), state.clock.now()).await?;
    Ok(true)
}

/// Runs queued exports on this server for as long as it serves.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match run_next(&state).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = ?e, "export worker; retrying later"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}
