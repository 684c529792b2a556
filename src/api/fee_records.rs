//! `list_sub_customer_bill_detail`: fee records of one billing cycle, through the portal's
//! records search and reach (see `consumption`).

use super::amounts::number;
use super::auth::authenticate;
use super::consumption::{charge_modes, cycle, search_of, CURRENCY};
use super::error::{ApiError, ErrorBody};
use super::fields::{optional_day, optional_text, paging, time_utc};
use super::query::{integer, params};
use crate::consumption::query::{self, Detail};
use crate::consumption::{service_label, ConsumptionFilter};
use crate::core::i18n::Lang;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BillDetailQuery {
    /// `YYYY-MM`.
    #[param(pattern = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    bill_cycle: String,
    #[param(max_length = 64)]
    customer_id: Option<String>,
    #[param(max_length = 64)]
    service_type_code: Option<String>,
    #[param(max_length = 64)]
    region_code: Option<String>,
    /// 1 yearly/monthly, 3 pay-per-use, 10 reserved instance, 11 savings plan.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    charging_mode: Option<String>,
    /// 1 new purchase (yearly/monthly records), 5 usage (the others).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    bill_detail_type: Option<String>,
    #[param(max_length = 64)]
    resource_id: Option<String>,
    /// Records keep no resource names: matched against the resource id.
    #[param(max_length = 64)]
    resource_name: Option<String>,
    /// The record's id.
    #[param(max_length = 64)]
    trade_id: Option<String>,
    /// A customer manager's member id (a supervisor must name one).
    #[param(max_length = 64)]
    account_manager_id: Option<String>,
    /// 1 consulting, 2 resale.
    #[param(pattern = "^[12]?$")]
    association_type: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
    /// `YYYY-MM-DD` (Beijing), within the cycle.
    bill_date_begin: Option<String>,
    /// `YYYY-MM-DD` (Beijing), within the cycle.
    bill_date_end: Option<String>,
}

/// `SubCustomerMonthlyBillDetail` (the fields records hold; the rest as Huawei's defaults).
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubCustomerMonthlyBillDetail {
    bill_cycle: String,
    customer_id: String,
    /// 1 consulting, 2 resale.
    association_type: String,
    service_type_code: String,
    service_type_name: String,
    resource_type_code: String,
    charging_mode: i16,
    trade_time: String,
    trade_id: String,
    id: String,
    bill_detail_type: i32,
    resource_id: String,
    region_code: String,
    consume_time: String,
    usage_type: String,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    usage_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    official_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    official_discount_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    payment_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    cash_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    credit_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    coupon_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    debt_amount: Decimal,
    account_manager_id: Option<String>,
    partner_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BillDetails {
    total_count: i64,
    currency: &'static str,
    fee_records: Vec<SubCustomerMonthlyBillDetail>,
}

fn association_code(mode: &str) -> &'static str {
    if mode == "consulting" {
        "1"
    } else {
        "2"
    }
}

/// A code within the range the document states (0–1000); one no record has matches nothing.
fn code(field: &str, value: Option<i64>) -> Result<Option<i64>, ApiError> {
    match value {
        Some(v) if !(0..=1000).contains(&v) => {
            Err(ApiError::parameter(format!("{field}: from 0 to 1000.")))
        }
        v => Ok(v),
    }
}

/// GET /v2/bills/subcustomer-bills/res-fee-records
#[utoipa::path(get, path = "/v2/bills/subcustomer-bills/res-fee-records", tag = "consumption",
    operation_id = "list_sub_customer_bill_detail",
    description = "Fee records of the caller's customers in one billing cycle, newest first. Permission item: \
                   sales.consumption.view; a customer manager's key sees its customers from its assignment on; \
                   a customer manager supervisor names one account_manager_id.",
    params(BillDetailQuery),
    responses((status = 200, body = BillDetails), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_sub_customer_bill_detail(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<BillDetails>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: BillDetailQuery = params(&signed.query)?;
    let page = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let cycle = cycle("bill_cycle", &q.bill_cycle)?;
    let charging = code("charging_mode", integer("charging_mode", q.charging_mode)?)?;
    let detail_type = code(
        "bill_detail_type",
        integer("bill_detail_type", q.bill_detail_type)?,
    )?;
    let begin = optional_day("bill_date_begin", q.bill_date_begin)?;
    let end = optional_day("bill_date_end", q.bill_date_end)?;
    let mode = match q.association_type.as_deref().unwrap_or_default() {
        "1" => Some("consulting".to_string()),
        "2" => Some("resale".to_string()),
        "" => None,
        _ => return Err(ApiError::parameter("association_type: 1 or 2.")),
    };
    let customer = optional_text("customer_id", q.customer_id)?;
    let resource_id = optional_text("resource_id", q.resource_id)?;
    let resource_name = optional_text("resource_name", q.resource_name)?;
    let filter = ConsumptionFilter {
        customer: customer.map(|c| Uuid::parse_str(&c).unwrap_or(Uuid::nil()).to_string()),
        manager: optional_text("account_manager_id", q.account_manager_id)?,
        mode,
        service_type: optional_text("service_type_code", q.service_type_code)?,
        ..ConsumptionFilter::default()
    };
    let region = optional_text("region_code", q.region_code)?;
    let record_id = optional_text("trade_id", q.trade_id)?;
    let empty = || BillDetails {
        total_count: 0,
        currency: CURRENCY,
        fee_records: vec![],
    };
    let Some(mut search) = search_of(&signed, cycle, filter, q.indirect_partner_id).await? else {
        return Ok(Json(empty()));
    };
    let (start, next) = cycle.span();
    let from = begin.map_or(start, |d| d.start()).max(start);
    let until = end.map_or(next, |d| d.end()).min(next);
    if from >= until {
        return Ok(Json(empty()));
    }
    // A resource named by both must be both: one that differs matches nothing.
    let resource = match (resource_id, resource_name) {
        (Some(a), Some(b)) if a != b => return Ok(Json(empty())),
        (a, b) => a.or(b),
    };
    search.charge_modes = charge_modes(charging, detail_type);
    search.detail = Detail {
        region,
        resource_id: resource,
        record_id,
        traded: Some((from, until)),
    };
    let mut conn = signed.call.pool().acquire().await?;
    let (rows, total_count) = query::records(
        &mut conn,
        &search,
        (page.limit, page.offset),
        query::COUNT_CAP,
    )
    .await?;
    Ok(Json(BillDetails {
        total_count,
        currency: CURRENCY,
        fee_records: rows
            .into_iter()
            .map(|r| SubCustomerMonthlyBillDetail {
                bill_cycle: r.cycle,
                customer_id: r.customer_id,
                association_type: association_code(&r.association_mode).to_string(),
                service_type_name: service_label(&r.service_type)
                    .map_or_else(|| r.service_type.clone(), |m| m.text(Lang::Zh).to_string()),
                service_type_code: r.service_type,
                resource_type_code: r.resource_type,
                charging_mode: r.charge_mode,
                trade_time: time_utc(r.trade_time),
                consume_time: time_utc(r.trade_time),
                trade_id: r.record_id.clone(),
                id: r.record_id,
                bill_detail_type: if r.charge_mode == 1 { 1 } else { 5 },
                resource_id: r.resource_id,
                region_code: r.region,
                usage_type: r.usage_unit,
                usage_amount: r.usage,
                official_amount: r.list,
                official_discount_amount: r.discount,
                payment_amount: r.list - r.discount,
                cash_amount: r.cash,
                credit_amount: Decimal::ZERO,
                coupon_amount: r.coupon,
                debt_amount: r.debt,
                account_manager_id: r.manager_id,
                partner_id: r.partner_id,
            })
            .collect(),
    }))
}
