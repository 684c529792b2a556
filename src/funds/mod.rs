//! Funds (资金管理): the partner's account, allocating to and reclaiming from resale customers
//! (one or a batch, previewed first), tier-1 → tier-2 movements, adjustment records and the
//! account's change records; the customer's balance. Every movement is one transaction with its
//! records and audit entry, under locks that let one operation at a time touch an account.

#[cfg(feature = "ssr")]
pub mod batch;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod operator;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod records;
#[cfg(feature = "ssr")]
pub mod resellers;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::i18n::Msg;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

macro_rules! transfer_kinds {
    ($($variant:ident => $code:literal, $label:ident, $huawei:expr),* $(,)?) => {
        /// What moved money, as stored (`code`) and as Huawei names it in adjustment records.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum TransferKind { $($variant),* }

        impl TransferKind {
            pub const ALL: &'static [TransferKind] = &[$(TransferKind::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $(TransferKind::$variant => $code),* }
            }

            pub fn from_code(code: &str) -> Option<TransferKind> {
                match code { $($code => Some(TransferKind::$variant),)* _ => None }
            }

            pub fn label(self) -> Msg {
                match self { $(TransferKind::$variant => Msg::$label),* }
            }

            /// Huawei's `operation_type` / `trade_detail_type` for the movement.
            pub fn huawei(self) -> &'static str {
                match self { $(TransferKind::$variant => $huawei),* }
            }
        }
    };
}

transfer_kinds! {
    TopUp => "top_up", TransferTopUp, "SOURCE_OPERAIION_RECHARGE",
    Allocate => "allocate", TransferAllocate, "SOURCE_OPERATION_BEADJUST",
    Reclaim => "reclaim", TransferReclaim, "SOURCE_OPERATION_BERETRIEVE",
    UnbindReturn => "unbind_return", TransferUnbindReturn, "SOURCE_OPERATION_BEUNBIND",
    ResellerAllocate => "reseller_allocate", TransferResellerAllocate, "SOURCE_OPERATION_BEADJUST",
    ResellerReclaim => "reseller_reclaim", TransferResellerReclaim, "SOURCE_OPERATION_BERETRIEVE",
    Charge => "charge", TransferCharge, "SOURCE_OPERAIION_USAGE",
}

impl TransferKind {
    /// The movements between a partner and the customers or resellers it funds: what the
    /// adjustment records (调账记录) list.
    pub const ADJUSTMENTS: &'static [TransferKind] = &[
        TransferKind::Allocate,
        TransferKind::Reclaim,
        TransferKind::UnbindReturn,
        TransferKind::ResellerAllocate,
        TransferKind::ResellerReclaim,
    ];

    /// The kinds an adjustment-record filter by Huawei's operation type selects.
    pub fn of_huawei(operation: &str) -> Option<&'static [TransferKind]> {
        match operation {
            "SOURCE_OPERATION_BEADJUST" => {
                Some(&[TransferKind::Allocate, TransferKind::ResellerAllocate])
            }
            "SOURCE_OPERATION_BERETRIEVE" => {
                Some(&[TransferKind::Reclaim, TransferKind::ResellerReclaim])
            }
            "SOURCE_OPERATION_BEUNBIND" => Some(&[TransferKind::UnbindReturn]),
            _ => None,
        }
    }
}

/// A movement done: its id, and the figures after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferDone {
    pub trans_id: String,
    pub partner_balance: Decimal,
}

/// The Funds page: the partner's account and what the caller may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundsHome {
    pub balance: Decimal,
    /// Σ of resale customers' balances and debts the partner reaches (a customer manager: its own).
    pub customers_balance: Decimal,
    pub customers_debt: Decimal,
    pub can_allocate: bool,
    pub can_reclaim: bool,
    /// Whether the caller sees the partner account's own changes (not a customer manager).
    pub own_account: bool,
    /// A distributor's resellers with their balances.
    pub resellers: Vec<ResellerFunds>,
    pub recent: Vec<AdjustmentRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResellerFunds {
    pub id: String,
    pub account_name: String,
    pub display_name: String,
    pub balance: Decimal,
}

/// A customer's account as partners and the customer see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    pub balance: Decimal,
    pub credit_limit: Decimal,
    pub debt: Decimal,
}

/// One adjustment record (调账记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentRow {
    pub trans_id: String,
    pub kind: TransferKind,
    /// The customer or reseller on the other side.
    pub counterpart_id: String,
    pub counterpart_account: String,
    pub counterpart_name: String,
    /// Money into (+) or out of (−) the partner's account.
    pub change: Decimal,
    pub at: DateTime<Utc>,
    pub actor_name: String,
}

/// The adjustment records' filters, as their GET form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentFilter {
    /// A customer's (or reseller's) id or account name.
    pub customer: Option<String>,
    /// A transfer kind code.
    pub kind: Option<String>,
    /// Beijing dates, both ends included.
    pub from: Option<String>,
    pub to: Option<String>,
    pub trans_id: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentPage {
    pub rows: Vec<AdjustmentRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

/// One change of an account (收支明细): the partner's, or a customer's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryRow {
    pub trans_id: String,
    pub kind: TransferKind,
    pub change: Decimal,
    pub balance_after: Decimal,
    pub debt_change: Decimal,
    pub debt_after: Decimal,
    pub at: DateTime<Utc>,
    /// The other side, when there is one (customer, reseller, or for a customer its partner):
    /// its account name and id.
    pub counterpart: Option<String>,
    pub counterpart_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryPage {
    pub rows: Vec<EntryRow>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

/// A customer's Balance page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BalancePage {
    pub account: Balance,
    pub entries: EntryPage,
}

/// One customer's line of a batch preview or result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchLine {
    pub customer_id: String,
    pub account_name: String,
    /// The customer's balance before (preview) or after (result).
    pub balance: Option<Decimal>,
    pub refusal: Option<rules::Refusal>,
    /// The movement's id, once applied.
    pub trans_id: Option<String>,
}

/// What a batch would do (before) or did (after).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub direction: rules::Direction,
    pub amount: Decimal,
    pub lines: Vec<BatchLine>,
    /// Σ moved over the lines that succeed.
    pub moved: Decimal,
    pub partner_balance_before: Decimal,
    pub partner_balance_after: Decimal,
    /// Set once applied: the stored result's id, for its page.
    pub id: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// At most this many customers in one batch.
pub const BATCH_LIMIT: usize = 100;
pub const RECORDS_PAGE_SIZE: u32 = 20;
