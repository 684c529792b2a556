//! The Coupons pages' records: issued coupons and operation records (with their CSV), and the
//! customer's own coupons. Quotas are read in `holdings`.

use super::store::{self, CouponSearch, OperationSearch};
use super::{
    CouponFilter, CouponKind, CouponPage, CouponStatus, MyCoupons, OperationFilter, OperationPage,
    OPERATIONS, PAGE_SIZE,
};
use crate::core::error::{AppError, FieldErrors};
use crate::core::export::{Cell, CsvWriter};
use crate::core::i18n::Msg;
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::server::Call;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub const EXPORT_LIMIT: i64 = 100_000;

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// An id filter: one of ours, or a value that matches nothing.
fn id_filter(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Uuid> {
    let value = value?;
    match Uuid::parse_str(value) {
        Ok(id) => Some(id),
        Err(_) => {
            errors.add(field, Msg::ErrBadId);
            None
        }
    }
}

/// A customer named by id or by account name (among the partner's, past and present).
async fn customer_filter(
    conn: &mut PgConnection,
    partner: Uuid,
    value: Option<&str>,
) -> Result<Option<Uuid>, AppError> {
    let Some(text) = value else { return Ok(None) };
    if let Ok(id) = Uuid::parse_str(text) {
        return Ok(Some(id));
    }
    Ok(Some(
        crate::partners::store::counterpart_by_name(conn, partner, text)
            .await?
            .unwrap_or(Uuid::nil()),
    ))
}

async fn coupon_search(
    conn: &mut PgConnection,
    call: &Call,
    filter: &CouponFilter,
    limit: i64,
    offset: i64,
) -> Result<CouponSearch, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let mut errors = FieldErrors::new();
    let coupon = id_filter(&mut errors, "coupon", given(&filter.coupon));
    let quota = id_filter(&mut errors, "quota", given(&filter.quota));
    let kind = given(&filter.kind).and_then(|k| {
        let found = CouponKind::from_code(k).map(CouponKind::code);
        if found.is_none() {
            errors.add("kind", Msg::ErrBadChoice);
        }
        found
    });
    let status = given(&filter.status).and_then(|s| {
        let found = CouponStatus::from_code(s).map(CouponStatus::code);
        if found.is_none() {
            errors.add("status", Msg::ErrBadChoice);
        }
        found
    });
    if given(&filter.customer)
        .is_some_and(|c| c.chars().count() > 64 || c.chars().any(char::is_control))
    {
        errors.add("customer", Msg::ErrBadId);
    }
    errors.into_result()?;
    let customer = customer_filter(conn, partner, given(&filter.customer)).await?;
    Ok(CouponSearch {
        partner,
        customer,
        coupon,
        quota,
        kind,
        status,
        issued: (None, None),
        valid_from: (None, None),
        valid_until: (None, None),
        assigned_to: call.actor.assigned_to(),
        now: call.now(),
        limit,
        offset,
    })
}

fn page_of(page: Option<u32>) -> (u32, i64) {
    let page = page.unwrap_or(1).clamp(1, 10_000);
    (page, ((page - 1) * PAGE_SIZE) as i64)
}

pub async fn coupons(call: &Call, filter: &CouponFilter) -> Result<CouponPage, AppError> {
    let (page, offset) = page_of(filter.page);
    let mut conn = call.pool().acquire().await?;
    let s = coupon_search(&mut conn, call, filter, PAGE_SIZE as i64, offset).await?;
    let (rows, total) = store::search_coupons(&mut conn, &s).await?;
    Ok(CouponPage {
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
        can_recall: call.actor.holds(Permission::SalesCouponsRecall),
    })
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Issued coupons as CSV, through the one safe writer.
pub async fn coupons_csv(
    call: &Call,
    filter: &CouponFilter,
    unmasked: bool,
) -> Result<Vec<u8>, AppError> {
    let mut conn = call.pool().acquire().await?;
    let s = coupon_search(&mut conn, call, filter, EXPORT_LIMIT, 0).await?;
    let (rows, _) = store::search_coupons(&mut conn, &s).await?;
    let mut csv = CsvWriter::new(&[
        "coupon_id",
        "customer_id",
        "account_name",
        "type",
        "face_value",
        "balance",
        "status",
        "valid_from_utc",
        "valid_until_utc",
        "quota_id",
        "issued_at_utc",
        "issued_by",
        "remark",
    ])?
    .unmasked(unmasked);
    for r in &rows {
        let (from, until, issued) = (utc(r.valid_from), utc(r.valid_until), utc(r.issued_at));
        csv.row(&[
            Cell::Text(&r.id),
            Cell::Text(&r.customer_id),
            Cell::Personal(&r.customer_account),
            Cell::Text(r.kind.code()),
            Cell::Number(r.face_value),
            Cell::Number(r.balance),
            Cell::Text(r.status.code()),
            Cell::Text(&from),
            Cell::Text(&until),
            Cell::Text(&r.quota_id),
            Cell::Text(&issued),
            Cell::Personal(&r.issued_by),
            Cell::Text(&r.remark),
        ])?;
    }
    csv.finish()
}

async fn operation_search(
    conn: &mut PgConnection,
    call: &Call,
    filter: &OperationFilter,
    limit: i64,
    offset: i64,
) -> Result<OperationSearch, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let mut errors = FieldErrors::new();
    let operations = given(&filter.operation).and_then(|o| {
        if OPERATIONS.contains(&o) {
            Some(vec![o.to_string()])
        } else {
            errors.add("operation", Msg::ErrBadChoice);
            None
        }
    });
    let coupon = id_filter(&mut errors, "coupon", given(&filter.coupon));
    let from = errors
        .check("from", Day::parse_optional(filter.from.as_deref()))
        .flatten();
    let to = errors
        .check("to", Day::parse_optional(filter.to.as_deref()))
        .flatten();
    if given(&filter.customer)
        .is_some_and(|c| c.chars().count() > 64 || c.chars().any(char::is_control))
    {
        errors.add("customer", Msg::ErrBadId);
    }
    errors.into_result()?;
    Ok(OperationSearch {
        partner,
        operations,
        customer: customer_filter(conn, partner, given(&filter.customer)).await?,
        coupons: coupon.map(|c| vec![c]),
        quota: None,
        quota_kind: None,
        success: None,
        from: from.map(Day::start),
        until: to.map(Day::end),
        assigned_to: call.actor.assigned_to(),
        limit,
        offset,
    })
}

pub async fn operations(call: &Call, filter: &OperationFilter) -> Result<OperationPage, AppError> {
    let (page, offset) = page_of(filter.page);
    let mut conn = call.pool().acquire().await?;
    let s = operation_search(&mut conn, call, filter, PAGE_SIZE as i64, offset).await?;
    let (rows, total) = store::search_operations(&mut conn, &s).await?;
    Ok(OperationPage {
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
    })
}

pub async fn operations_csv(
    call: &Call,
    filter: &OperationFilter,
    unmasked: bool,
) -> Result<Vec<u8>, AppError> {
    let mut conn = call.pool().acquire().await?;
    let s = operation_search(&mut conn, call, filter, EXPORT_LIMIT, 0).await?;
    let (rows, _) = store::search_operations(&mut conn, &s).await?;
    let mut csv = CsvWriter::new(&[
        "record_id",
        "operation",
        "result",
        "reason",
        "quota_id",
        "quota_type",
        "coupon_id",
        "customer_id",
        "account_name",
        "amount",
        "operation_time_utc",
        "operator",
        "remark",
    ])?
    .unmasked(unmasked);
    for r in &rows {
        let (id, at) = (r.id.to_string(), utc(r.at));
        csv.row(&[
            Cell::Text(&id),
            Cell::Text(&r.operation),
            Cell::Text(if r.success { "success" } else { "failure" }),
            Cell::Text(&r.reason),
            Cell::Text(&r.quota_id),
            Cell::Text(r.quota_kind.code()),
            Cell::Text(r.coupon_id.as_deref().unwrap_or_default()),
            Cell::Text(r.customer_id.as_deref().unwrap_or_default()),
            Cell::Personal(r.customer_account.as_deref().unwrap_or_default()),
            Cell::Number(r.amount),
            Cell::Text(&at),
            Cell::Personal(&r.actor_name),
            Cell::Text(&r.remark),
        ])?;
    }
    csv.finish()
}

/// The signed-in customer's coupons, vouchers and cash coupons apart.
pub async fn my_coupons(call: &Call) -> Result<MyCoupons, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let all = store::owned::of_customer(&mut conn, customer, call.now()).await?;
    let (vouchers, cash) = all.into_iter().partition(|c| c.kind == CouponKind::Voucher);
    Ok(MyCoupons { vouchers, cash })
}

/// A page of the signed-in customer's own coupons (the API's `list_sub_customer_coupons`): the
/// search runs on the caller's coupons whatever customer it names.
pub async fn my_coupon_page(
    call: &Call,
    search: store::owned::OwnedSearch,
) -> Result<(Vec<store::owned::OwnedCoupon>, i64), AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let search = store::owned::OwnedSearch {
        customer,
        now: call.now(),
        ..search
    };
    Ok(store::owned::search(&mut conn, &search).await?)
}
