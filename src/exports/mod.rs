//! Exports (导出): a filtered list (consumption records, the audit log) written to files by a
//! background job, with its progress, and the caller's export history to download from. Files are split every 1,048,575 rows (Excel's
//! limit, less the header); CSV goes through the one safe writer, XLSX through `rust_xlsxwriter`
//! in constant-memory mode, so memory stays flat however many rows there are.

pub mod pages;
#[cfg(feature = "ssr")]
mod rows;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod worker;

pub use server::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Data rows per file: Excel's 1,048,576 rows less the header.
pub const ROWS_PER_PART: u64 = 1_048_575;

/// A finished export's files are kept this long, then deleted (the history keeps the entry).
pub const KEEP_DAYS: i64 = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn parse(code: &str) -> Option<ExportFormat> {
        match code {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// What an export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    ConsumptionRecords,
    /// The consumption summary, by customer, product or month (the job keeps which).
    ConsumptionSummary,
    AuditLog,
}

impl ExportKind {
    pub fn code(self) -> &'static str {
        match self {
            ExportKind::ConsumptionRecords => "consumption_records",
            ExportKind::ConsumptionSummary => "consumption_summary",
            ExportKind::AuditLog => "audit_log",
        }
    }

    pub fn parse(code: &str) -> Option<ExportKind> {
        match code {
            "consumption_records" => Some(ExportKind::ConsumptionRecords),
            "consumption_summary" => Some(ExportKind::ConsumptionSummary),
            "audit_log" => Some(ExportKind::AuditLog),
            _ => None,
        }
    }

    /// The files' names start with this.
    pub fn file_stem(self) -> &'static str {
        match self {
            ExportKind::ConsumptionRecords => "consumption-records",
            ExportKind::ConsumptionSummary => "consumption-summary",
            ExportKind::AuditLog => "audit-log",
        }
    }

    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::ConsumptionRecords => &RECORD_COLUMNS,
            ExportKind::ConsumptionSummary => &SUMMARY_COLUMNS,
            ExportKind::AuditLog => &AUDIT_COLUMNS,
        }
    }

    pub fn label(self) -> crate::core::i18n::Msg {
        match self {
            ExportKind::ConsumptionRecords => crate::core::i18n::Msg::ConsumptionRecords,
            ExportKind::ConsumptionSummary => crate::core::i18n::Msg::ConsumptionSummary,
            ExportKind::AuditLog => crate::core::i18n::Msg::AuditTitle,
        }
    }
}

/// A summary export's job: the search and the grouping.
#[cfg(feature = "ssr")]
#[derive(Serialize, Deserialize)]
pub struct SummarySearch {
    pub search: crate::consumption::query::Search,
    pub group: crate::consumption::Grouping,
}

/// One export as its owner's history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRow {
    pub id: String,
    pub kind: ExportKind,
    pub format: ExportFormat,
    /// Personal data written unmasked (the starter held `sales.data.unmask`; audited).
    pub unmasked: bool,
    /// queued, running, done, failed or expired (its files deleted after [`KEEP_DAYS`]).
    pub status: String,
    pub rows_done: i64,
    pub rows_total: Option<i64>,
    pub parts: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl ExportRow {
    /// Per cent done, for the progress bar.
    pub fn percent(&self) -> i64 {
        match (self.status.as_str(), self.rows_total) {
            ("done", _) => 100,
            (_, Some(total)) if total > 0 => (self.rows_done * 100 / total).clamp(0, 100),
            _ => 0,
        }
    }
}

/// The columns of an exported record, in order.
pub const RECORD_COLUMNS: [&str; 18] = [
    "record_id",
    "bill_cycle",
    "customer_id",
    "customer_account",
    "association_type",
    "service_type",
    "resource_type",
    "resource_id",
    "region",
    "charge_mode",
    "usage",
    "usage_unit",
    "list_amount",
    "discount_amount",
    "coupon_amount",
    "cash_amount",
    "debt_amount",
    "trade_time_utc",
];

/// The columns of an exported summary, in order: what the rows are grouped by (`customer`,
/// `product` or `month`), the group's key and name, and its sums.
pub const SUMMARY_COLUMNS: [&str; 10] = [
    "grouped_by",
    "key",
    "name",
    "records",
    "list_amount",
    "discount_amount",
    "due_amount",
    "coupon_amount",
    "cash_amount",
    "debt_amount",
];

/// The columns of an exported audit log, in order.
pub const AUDIT_COLUMNS: [&str; 8] = [
    "record_id",
    "time_utc",
    "actor_kind",
    "actor_name",
    "action",
    "target",
    "result",
    "source_ip",
];
