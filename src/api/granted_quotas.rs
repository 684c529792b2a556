//! What a tier-1 distributor granted its tier-2 resellers: the quotas, and the records of grants
//! and reclaims. Both are the whole partner's: not in a customer manager's reach.

use super::amounts::number;
use super::auth::authenticate;
use super::error::{ApiError, ErrorBody};
use super::fields::{id_filter, optional_text, paging, time_utc};
use super::query::{integer, params};
use super::quotas::{range, CouponQuotaV2};
use super::reach::{own_reseller, whole_partner};
use crate::core::permissions::Permission;
use crate::coupons::holdings::quota_view;
use crate::coupons::store;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssuedQuotasQuery {
    /// A reseller's quota.
    #[param(max_length = 64)]
    quota_id: Option<String>,
    /// One of the caller's tier-2 resellers; absent: all of them.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
    /// The caller's quota the grants were made from.
    #[param(max_length = 64)]
    parent_quota_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

/// `IssuedCouponQuota`: a quota the caller granted one of its resellers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedCouponQuota {
    #[serde(flatten)]
    quota: CouponQuotaV2,
    indirect_partner_id: String,
    indirect_partner_account_name: String,
    indirect_partner_name: String,
    parent_quota_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedQuotaList {
    total_count: i64,
    quotas: Vec<IssuedCouponQuota>,
}

/// GET /v2/partners/issued-coupon-quotas
#[utoipa::path(get, path = "/v2/partners/issued-coupon-quotas", tag = "coupons",
    operation_id = "list_issued_coupon_quotas",
    description = "The quotas a tier-1 distributor granted its tier-2 resellers, newest first; quota_status 6 once \
                   reclaimed. Permission item: sales.coupons.view, with the whole partner's scope.",
    params(IssuedQuotasQuery),
    responses((status = 200, body = IssuedQuotaList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_issued_coupon_quotas(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<IssuedQuotaList>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: IssuedQuotasQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let quota = id_filter("quota_id", q.quota_id)?;
    let parent = id_filter("parent_quota_id", q.parent_quota_id)?;
    let call = &signed.call;
    whole_partner(call)?;
    let reseller = own_reseller(call, Permission::SalesCouponsView, q.indirect_partner_id).await?;
    let distributor = call.actor.require(Permission::SalesCouponsView)?;
    let mut conn = call.pool().acquire().await?;
    let names = crate::funds::ledger::resellers(&mut conn, distributor).await?;
    let now = call.now();
    let granted: Vec<_> = store::quotas(&mut conn, None, Some(distributor))
        .await?
        .into_iter()
        .filter(|(g, _)| {
            quota.is_none_or(|id| g.id == id)
                && parent.is_none_or(|id| g.parent_id == Some(id))
                && reseller.is_none_or(|id| g.partner_id == id)
        })
        .collect();
    Ok(Json(IssuedQuotaList {
        total_count: granted.len() as i64,
        quotas: granted
            .into_iter()
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .map(|(g, holder)| {
                let holder_id = g.partner_id;
                let name = names.iter().find(|(id, ..)| *id == holder_id);
                let view = quota_view(g, holder, now);
                IssuedCouponQuota {
                    quota: CouponQuotaV2::from(&view),
                    indirect_partner_id: holder_id.to_string(),
                    indirect_partner_account_name: view.holder.clone().unwrap_or_default(),
                    indirect_partner_name: name
                        .map(|(_, _, display, _)| display.clone())
                        .unwrap_or_default(),
                    parent_quota_id: view.parent_id,
                }
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotaRecordsQuery {
    /// One of the caller's tier-2 resellers; absent: all of them.
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
    /// The reseller's quota made by the grant.
    #[param(max_length = 64)]
    quota_id: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`, from (inclusive).
    operation_time_begin: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`, until (exclusive).
    operation_time_end: Option<String>,
    /// The caller's quota granted from or reclaimed into.
    #[param(max_length = 64)]
    parent_quota_id: Option<String>,
    /// "10" grants, "11" reclaims; anything else: both (as Huawei).
    #[param(max_length = 64)]
    operation_type: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

/// `QuotaRecord`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaRecord {
    id: String,
    operator: String,
    /// "10" issue quota, "11" reclaim quota.
    operation_type: &'static str,
    quota_id: Option<String>,
    parent_quota_id: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    amount: Decimal,
    operation_time: String,
    /// "0": success.
    result: &'static str,
    indirect_partner_account_name: Option<String>,
    indirect_partner_id: Option<String>,
    indirect_partner_name: Option<String>,
    remark: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuotaRecords {
    total_count: i64,
    records: Vec<QuotaRecord>,
}

/// GET /v2/partners/coupon-quotas/records
#[utoipa::path(get, path = "/v2/partners/coupon-quotas/records", tag = "coupons",
    operation_id = "list_coupon_quotas_records",
    description = "A tier-1 distributor's records of quota granted to and reclaimed from its resellers, newest first. \
                   Permission item: sales.coupons.view, with the whole partner's scope.",
    params(QuotaRecordsQuery),
    responses((status = 200, body = QuotaRecords), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_coupon_quotas_records(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<QuotaRecords>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: QuotaRecordsQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let quota = id_filter("quota_id", q.quota_id)?;
    let parent = id_filter("parent_quota_id", q.parent_quota_id)?;
    let (from, until) = range(
        ("operation_time_begin", "operation_time_end"),
        (q.operation_time_begin, q.operation_time_end),
    )?;
    let kinds: &[&str] = match optional_text("operation_type", q.operation_type)?.as_deref() {
        Some("10") => &[GRANT],
        Some("11") => &[RECLAIM],
        _ => &[GRANT, RECLAIM],
    };
    let call = &signed.call;
    whole_partner(call)?;
    let reseller = own_reseller(call, Permission::SalesCouponsView, q.indirect_partner_id).await?;
    let distributor = call.actor.require(Permission::SalesCouponsView)?;
    let mut conn = call.pool().acquire().await?;
    let search = store::QuotaRecordSearch {
        partner: distributor,
        quota: parent,
        other_quota: quota,
        reseller,
        kinds,
        from,
        until,
        // The whole partner's (a customer manager is refused above).
        assigned_to: None,
        limit: page.limit,
        offset: page.offset,
    };
    let (rows, total_count) = store::quota_records(&mut conn, &search).await?;
    Ok(Json(QuotaRecords {
        total_count,
        records: rows
            .into_iter()
            .map(|r| QuotaRecord {
                id: r.id.to_string(),
                operator: r.actor_name,
                operation_type: if r.kind == GRANT { "10" } else { "11" },
                quota_id: r.other_quota_id,
                parent_quota_id: r.quota_id,
                amount: r.change.abs(),
                operation_time: time_utc(r.at),
                result: "0",
                indirect_partner_account_name: r.reseller_account,
                indirect_partner_id: r.reseller_id,
                indirect_partner_name: r.reseller_name,
                remark: r.remark,
            })
            .collect(),
    }))
}

/// The records a distributor's quota keeps of its grants to resellers and reclaims from them.
const GRANT: &str = "reseller_grant";
const RECLAIM: &str = "reseller_reclaim";
