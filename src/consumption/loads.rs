//! What loading fee records reports, shared by the server and the import page: a load's outcome
//! (or a running import's progress), each refused line, and the import file's columns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A line of an import that was refused, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: u64,
    pub field: String,
    pub text: crate::core::i18n::Text,
}

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    pub rows: u64,
    /// Records new to the store (a record id already loaded is skipped: loads are idempotent).
    pub added: u64,
    pub problems: Vec<LineProblem>,
}

/// Where a load stands. Loads through the API answer when done; a file is imported in the
/// background and is `Running` until its one transaction commits (or fails, or its server stops).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadStatus {
    Running,
    Done,
    Failed,
    /// Its server stopped mid-way: nothing of it was loaded, it can be uploaded again.
    Interrupted,
}

impl LoadStatus {
    pub fn parse(code: &str) -> LoadStatus {
        match code {
            "running" => LoadStatus::Running,
            "done" => LoadStatus::Done,
            "interrupted" => LoadStatus::Interrupted,
            _ => LoadStatus::Failed,
        }
    }
}

/// A load as the import page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadRow {
    pub id: String,
    pub source: String,
    pub file_name: Option<String>,
    pub loaded_by: String,
    pub status: LoadStatus,
    /// Records loaded so far by a running import (visible only once it commits).
    pub rows_done: u64,
    pub report: LoadReport,
    pub at: DateTime<Utc>,
}

impl LoadRow {
    /// Per cent done, for a running import's progress bar.
    pub fn percent(&self) -> u64 {
        match self.status {
            LoadStatus::Running if self.report.rows > 0 => {
                (self.rows_done * 100 / self.report.rows).min(100)
            }
            LoadStatus::Running => 0,
            _ => 100,
        }
    }
}

/// The columns of an import file, in order.
pub const CSV_HEADER: [&str; 15] = [
    "record_id",
    "customer_id",
    "trade_time",
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
];
