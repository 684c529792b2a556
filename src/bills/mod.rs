//! Bills (账单): the partner bill (伙伴账单) of each month, made by a job at 00:00 Beijing time on
//! the 5th of the next month from the sums of its records, stored and never changed afterwards;
//! the current month (and a past one not billed yet) shows a running estimate. The customer's
//! own monthly bills are in `consumption` (Account Centre › Bills).

#[cfg(feature = "ssr")]
pub mod job;
pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::consumption::{Figures, Grouping, SummaryRow};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A month the bill page offers, and whether its bill is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillMonth {
    pub cycle: String,
    pub billed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerBill {
    pub cycle: String,
    pub months: Vec<BillMonth>,
    /// When the bill was made; none for an estimate.
    pub made_at: Option<DateTime<Utc>>,
    pub by: Grouping,
    pub rows: Vec<SummaryRow>,
    pub totals: Figures,
    /// What the month's records add up to (due after discounts), for the reconciliation line.
    pub records_due: Decimal,
    pub page: u32,
    pub page_size: u32,
    pub total: i64,
    pub as_of: Option<DateTime<Utc>>,
}
