//! The records of money: adjustment records (调账记录, allocations and reclaims between a partner
//! and its customers or resellers) and the partner account's changes (收支明细), read through the
//! ledger the portal's Funds pages read.

use super::auth::authenticate;
use super::error::{ApiError, ErrorBody};
use super::fields::{optional_day, optional_text, optional_utc, paging, time_utc};
use super::funds::{CURRENCY, MEASURE_YUAN};
use super::query::{integer, params};
use super::reach::{read_as, whole_partner};
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::funds::ledger::{self, Account, AdjustmentSearch, EntrySearch};
use crate::funds::TransferKind;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdjustRecordsQuery {
    /// A customer's (or reseller's) id; empty: all.
    #[param(max_length = 64)]
    customer_id: Option<String>,
    /// Empty: all types.
    #[param(
        pattern = "^(?:SOURCE_OPERATION_BEADJUST|SOURCE_OPERATION_BERETRIEVE|SOURCE_OPERATION_BEUNBIND)?$"
    )]
    operation_type: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`, from (inclusive).
    operation_time_begin: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`, until (exclusive).
    operation_time_end: Option<String>,
    #[param(max_length = 64)]
    trans_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// A tier-1 distributor reads one of its tier-2 resellers' records.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `AdjustRecordV3`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AdjustRecordV3 {
    /// The customer, or the reseller, on the other side.
    customer_id: String,
    customer_name: String,
    operation_type: &'static str,
    /// The amount moved, in yuan (a string, as Huawei's SDK types it).
    amount: String,
    currency: &'static str,
    operation_time: String,
    measure_id: i32,
    trans_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdjustRecords {
    records: Vec<AdjustRecordV3>,
    total_count: i64,
}

/// GET /v3/accounts/partner-accounts/adjust-records
#[utoipa::path(get, path = "/v3/accounts/partner-accounts/adjust-records", tag = "funds",
    operation_id = "list_partner_adjust_records",
    description = "Adjustment records (allocations, reclaims, returns on disassociation), newest first. Permission item: \
                   sales.funds.view; a customer manager's key sees its assigned customers' records only.",
    params(AdjustRecordsQuery),
    responses((status = 200, body = AdjustRecords), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_partner_adjust_records(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<AdjustRecords>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: AdjustRecordsQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let kinds: Vec<&'static str> = match q.operation_type.as_deref().filter(|t| !t.is_empty()) {
        None => TransferKind::ADJUSTMENTS.iter().map(|k| k.code()).collect(),
        Some(t) => TransferKind::of_huawei(t)
            .ok_or_else(|| ApiError::parameter("operation_type: SOURCE_OPERATION_BEADJUST, SOURCE_OPERATION_BERETRIEVE or SOURCE_OPERATION_BEUNBIND."))?
            .iter()
            .map(|k| k.code())
            .collect(),
    };
    // An id that is not one of ours matches no record.
    let counterpart = optional_text("customer_id", q.customer_id)?
        .map(|c| Uuid::parse_str(&c).unwrap_or(Uuid::nil()));
    let from = optional_utc("operation_time_begin", q.operation_time_begin)?;
    let until = optional_utc("operation_time_end", q.operation_time_end)?;
    let trans_id = optional_text("trans_id", q.trans_id)?;
    let partner = read_as(
        &signed.call,
        Permission::SalesFundsView,
        q.indirect_partner_id,
    )
    .await?;
    let search = AdjustmentSearch {
        partner,
        counterpart,
        kinds,
        from,
        until,
        trans_id,
        assigned_to: signed.call.actor.assigned_to(),
        limit: page.limit,
        offset: page.offset,
    };
    let mut conn = signed.call.pool().acquire().await?;
    let (rows, total_count) = ledger::adjustments(&mut conn, &search).await?;
    Ok(Json(AdjustRecords {
        total_count,
        records: rows
            .into_iter()
            .map(|r| AdjustRecordV3 {
                customer_id: r.counterpart_id,
                customer_name: r.counterpart_name,
                operation_type: r.kind.huawei(),
                amount: r.change.abs().to_string(),
                currency: CURRENCY,
                operation_time: time_utc(r.at),
                measure_id: MEASURE_YUAN,
                trans_id: r.trans_id,
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountChangeQuery {
    /// BALANCE_TYPE_DEBIT: the cash account; BALANCE_TYPE_CREDIT: the credit account (none is kept:
    /// no records).
    #[param(required = true, pattern = "^BALANCE_TYPE_(?:DEBIT|CREDIT)$")]
    balance_type: Option<String>,
    /// Huawei's trade types; those Partner Centre has no movements of list nothing.
    #[param(
        pattern = "^(?:RECHARGE|DEDEUCT|REFUND|RFROZEN|TRANS|ADJUST|BEADJUST|BERETRIEVE|BEUNBIND|BONUSCONVERT|TRADE_MODE_TRANSFER)?$"
    )]
    trade_type: Option<String>,
    /// Beijing (UTC+8) day `YYYY-MM-DD`, from; default: the same day a year ago.
    trade_time_begin: Option<String>,
    /// Beijing (UTC+8) day `YYYY-MM-DD`, up to and including; default: today.
    trade_time_end: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `AccountChangeRecord`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountChangeRecord {
    account_change_id: String,
    trade_detail_type: &'static str,
    trade_time: String,
    trade_id: String,
    /// Signed, in yuan (a string, as Huawei's SDK types it).
    change_amount: String,
    balance_after_change: String,
    /// "1" income, "2" expense.
    #[serde(rename = "type")]
    income: &'static str,
    /// The customer or reseller of an allocation, reclaim or return.
    customer_id: Option<String>,
    account_name: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountChanges {
    total_count: i64,
    currency: &'static str,
    records: Vec<AccountChangeRecord>,
}

/// The kinds of movement a Huawei trade type names (none: types Partner Centre does not have).
fn trade_kinds(trade_type: &str) -> Vec<&'static str> {
    let kinds: &[TransferKind] = match trade_type {
        "RECHARGE" => &[TransferKind::TopUp],
        "DEDEUCT" => &[TransferKind::Charge],
        other => TransferKind::of_huawei(&format!("SOURCE_OPERATION_{other}")).unwrap_or(&[]),
    };
    kinds.iter().map(|k| k.code()).collect()
}

/// GET /v2/accounts/partner-accounts/account-change-records
#[utoipa::path(get, path = "/v2/accounts/partner-accounts/account-change-records", tag = "funds",
    operation_id = "list_partner_account_change_records",
    description = "Changes of the partner's own account (收支明细), newest first. Permission item: sales.funds.view, \
                   with the whole partner's scope (not a customer manager's).",
    params(AccountChangeQuery),
    responses((status = 200, body = AccountChanges), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_partner_account_change_records(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<AccountChanges>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: AccountChangeQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let cash = match q.balance_type.as_deref() {
        Some("BALANCE_TYPE_DEBIT") => true,
        Some("BALANCE_TYPE_CREDIT") => false,
        _ => {
            return Err(ApiError::parameter(
                "balance_type: BALANCE_TYPE_DEBIT or BALANCE_TYPE_CREDIT.",
            ))
        }
    };
    let kinds = match q.trade_type.as_deref().filter(|t| !t.is_empty()) {
        None => TransferKind::ALL.iter().map(|k| k.code()).collect(),
        Some(t) if TRADE_TYPES.contains(&t) => trade_kinds(t),
        Some(_) => {
            return Err(ApiError::parameter(
                "trade_type: one of Huawei's trade types.",
            ))
        }
    };
    let today = Day::of(signed.call.now());
    let from =
        optional_day("trade_time_begin", q.trade_time_begin)?.unwrap_or_else(|| year_before(today));
    let to = optional_day("trade_time_end", q.trade_time_end)?.unwrap_or(today);
    let partner = read_as(
        &signed.call,
        Permission::SalesFundsView,
        q.indirect_partner_id,
    )
    .await?;
    whole_partner(&signed.call)?;
    let mut answer = AccountChanges {
        total_count: 0,
        currency: CURRENCY,
        records: vec![],
    };
    // No credit account is kept: it has no changes.
    if !cash || kinds.is_empty() {
        return Ok(Json(answer));
    }
    let mut conn = signed.call.pool().acquire().await?;
    let search = EntrySearch {
        account: Account::Partner(partner),
        kinds,
        from: Some(from.start()),
        until: Some(to.end()),
        limit: page.limit,
        offset: page.offset,
    };
    let (rows, total) = ledger::entries(&mut conn, &search).await?;
    answer.total_count = total;
    answer.records = rows
        .into_iter()
        .map(|r| AccountChangeRecord {
            account_change_id: r.trans_id.clone(),
            trade_detail_type: r.kind.huawei(),
            trade_time: time_utc(r.at),
            trade_id: r.trans_id,
            change_amount: r.change.to_string(),
            balance_after_change: r.balance_after.to_string(),
            income: if r.change.is_sign_negative() {
                "2"
            } else {
                "1"
            },
            customer_id: r.counterpart_id,
            account_name: r.counterpart,
        })
        .collect();
    Ok(Json(answer))
}

const TRADE_TYPES: &[&str] = &[
    "RECHARGE",
    "DEDEUCT",
    "REFUND",
    "RFROZEN",
    "TRANS",
    "ADJUST",
    "BEADJUST",
    "BERETRIEVE",
    "BEUNBIND",
    "BONUSCONVERT",
    "TRADE_MODE_TRANSFER",
];

/// The same day a year earlier (28 February for a 29 February).
fn year_before(day: Day) -> Day {
    day.date()
        .checked_sub_months(chrono::Months::new(12))
        .and_then(Day::new)
        .unwrap_or(day)
}
