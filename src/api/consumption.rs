//! Consumption: the customers with spend in a cycle (`list_consume_sub_customers`), their fee
//! records (`list_sub_customer_bill_detail`) and a cycle's sums by customer, service and billing
//! mode (`list_subcustomer_monthly_bills`), read through the searches the portal's Consumption
//! pages use, with the same reach: partner, customer manager from its assignment, supervisor.
//!
//! A cycle the document allows but outside the 18 months kept, or a filter naming nothing of
//! the caller's, answers an empty list, as Huawei does, rather than an error.

use super::amounts::number;
use super::auth::{authenticate, Signed};
use super::error::{ApiError, ErrorBody};
use super::fields::{json_body, json_integer, optional_day, optional_text, paging, time_utc};
use super::query::{integer, params};
use super::reach::read_as;
use crate::consumption::query::{self, Detail, Search};
use crate::consumption::rules::{Period, PeriodError};
use crate::consumption::service;
use crate::consumption::{service_label, ConsumptionFilter, Grouping};
use crate::core::i18n::Lang;
use crate::core::ids::Paging;
use crate::core::permissions::Permission;
use crate::core::time::BillingCycle;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const CURRENCY: &str = "CNY";
/// Amounts in 元 (Huawei's measure 1).
const MEASURE_YUAN: i32 = 1;

/// A cycle exactly as the document's pattern states it.
fn cycle(field: &str, value: &str) -> Result<BillingCycle, ApiError> {
    let shaped = value.len() == 7 && !value.starts_with(' ') && !value.ends_with(' ');
    BillingCycle::parse(value)
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| ApiError::parameter(format!("{field}: a billing cycle like 2026-05.")))
}

/// The search for one cycle, or `None` when the request can match nothing (a cycle outside
/// the months kept, a customer or manager that is not the caller's).
async fn search_of(
    signed: &Signed,
    cycle: BillingCycle,
    filter: ConsumptionFilter,
    indirect_partner_id: Option<String>,
) -> Result<Option<Search>, ApiError> {
    let partner = read_as(
        &signed.call,
        Permission::SalesConsumptionView,
        indirect_partner_id,
    )
    .await?;
    let own = signed.call.actor.require_partner()?;
    let reseller = (partner != own).then_some(partner);
    let c = cycle.to_string();
    if let Err(e) = Period::parse(Some(&c), Some(&c), signed.call.now()) {
        return match e {
            PeriodError::Field(..) => Ok(None),
            PeriodError::SpanTooLong => Err(service::period_error(e).into()),
        };
    }
    let mut conn = signed.call.pool().acquire().await?;
    let filter = ConsumptionFilter {
        from: Some(c.clone()),
        to: Some(c),
        show_zero: Some("1".into()),
        ..filter
    };
    match service::search(&mut conn, &signed.call, &filter, reseller).await {
        Ok((search, _)) => Ok(Some(search)),
        // A manager that is not one of the caller's matches nothing; a supervisor naming
        // none is told to.
        Err(crate::core::error::AppError::Invalid(fields))
            if fields.iter().all(|f| f.field == "manager") && filter.manager.is_some() =>
        {
            Ok(None)
        }
        Err(e) => Err(super::fields::rename_fields(
            e,
            &[
                ("manager", "account_manager_id"),
                ("customer", "customer_id"),
            ],
        )),
    }
}

/// `ListConsumeSubCustomersReq`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ConsumeSubCustomersReq {
    /// `YYYY-MM`.
    #[schema(pattern = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    bill_cycle: String,
    #[schema(minimum = 0, maximum = 100_000_000, default = 0)]
    #[serde(default, deserialize_with = "json_integer")]
    offset: Option<i64>,
    #[schema(minimum = 1, maximum = 100, default = 10)]
    #[serde(default, deserialize_with = "json_integer")]
    limit: Option<i64>,
}

/// `SubCustomerInfoV3`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubCustomerInfoV3 {
    customer_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ConsumeSubCustomers {
    sub_customers: Vec<SubCustomerInfoV3>,
    total_count: i64,
}

/// POST /v2/bills/subcustomer-bills/res-fee-records/sub-customers/query
#[utoipa::path(post, path = "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query",
    tag = "consumption", operation_id = "list_consume_sub_customers",
    description = "The customers with fee records in a billing cycle, highest spend first. Permission item: \
                   sales.consumption.view; a customer manager's key sees its customers from its assignment on.",
    request_body = ConsumeSubCustomersReq,
    responses((status = 200, body = ConsumeSubCustomers), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_consume_sub_customers(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<ConsumeSubCustomers>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let body: ConsumeSubCustomersReq = json_body(&signed.body)?;
    let page = paging(body.offset, body.limit)?;
    let cycle = cycle("bill_cycle", &body.bill_cycle)?;
    let empty = ConsumeSubCustomers {
        sub_customers: vec![],
        total_count: 0,
    };
    let Some(search) = search_of(&signed, cycle, ConsumptionFilter::default(), None).await? else {
        return Ok(Json(empty));
    };
    let mut conn = signed.call.pool().acquire().await?;
    let (rows, _, total_count) = query::summary(
        &mut conn,
        &search,
        Grouping::Customer,
        page.limit,
        page.offset,
    )
    .await?;
    Ok(Json(ConsumeSubCustomers {
        sub_customers: rows
            .into_iter()
            .map(|r| SubCustomerInfoV3 { customer_id: r.key })
            .collect(),
        total_count,
    }))
}

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

/// The billing modes a `charging_mode` and a `bill_detail_type` leave (none: no filter).
fn charge_modes(charging: Option<i64>, detail_type: Option<i64>) -> Option<Vec<i16>> {
    use crate::consumption::ChargeMode;
    let by_type: Option<Vec<i16>> = detail_type.map(|t| match t {
        1 => vec![1],
        5 => vec![3, 10, 11],
        _ => vec![],
    });
    let by_mode: Option<Vec<i16>> = charging.map(|c| {
        ChargeMode::from_code(c)
            .map(|m| vec![m.code()])
            .unwrap_or_default()
    });
    match (by_mode, by_type) {
        (None, t) => t,
        (m, None) => m,
        (Some(m), Some(t)) => Some(m.into_iter().filter(|c| t.contains(c)).collect()),
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
    let charging = integer("charging_mode", q.charging_mode)?;
    let detail_type = integer("bill_detail_type", q.bill_detail_type)?;
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
    let (rows, total_count) = query::records(&mut conn, &search, page.limit, page.offset).await?;
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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyBillsQuery {
    #[param(max_length = 64)]
    customer_id: Option<String>,
    /// `YYYY-MM`.
    #[param(pattern = "^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])$")]
    cycle: String,
    #[param(max_length = 64)]
    cloud_service_type: Option<String>,
    /// 1 yearly/monthly, 3 pay-per-use, 10 reserved instance, 11 savings plan.
    #[param(max_length = 64)]
    charge_mode: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100_000_000)]
    offset: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// 0 consumption (the only kind recorded), 1 unsubscription, 2 write-off.
    #[param(max_length = 64)]
    bill_type: Option<String>,
    #[param(max_length = 64)]
    indirect_partner_id: Option<String>,
}

/// `BalanceTypeDeductSumV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BalanceTypeDeductSumV2 {
    /// `BALANCE_TYPE_DEBIT` cash, `BALANCE_TYPE_COUPON` coupons.
    balance_type: &'static str,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    amount: Decimal,
    bill_type: &'static str,
}

/// `BillSumInfoV2`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BillSumInfoV2 {
    customer_id: String,
    cloud_service_type: String,
    cloud_service_type_name: String,
    bill_type: &'static str,
    charge_mode: String,
    /// Due after discounts: paid by coupons, cash and debt.
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    debt_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    adjustment_amount: Decimal,
    #[serde(serialize_with = "number")]
    #[schema(value_type = f64)]
    discount_amount: Decimal,
    measure_id: i32,
    account_details: Vec<BalanceTypeDeductSumV2>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MonthlyBills {
    bill_sums: Vec<BillSumInfoV2>,
    count: i64,
    currency: &'static str,
}

/// GET /v2/bills/partner-bills/subcustomer-bills/monthly-sum
#[utoipa::path(get, path = "/v2/bills/partner-bills/subcustomer-bills/monthly-sum", tag = "consumption",
    operation_id = "list_subcustomer_monthly_bills",
    description = "A billing cycle's sums by customer, service type and billing mode: each equals the sum of its \
                   records to the cent. Permission item: sales.consumption.view.",
    params(MonthlyBillsQuery),
    responses((status = 200, body = MonthlyBills), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 405, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("sdk_hmac_sha256" = [])))]
pub async fn list_subcustomer_monthly_bills(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<MonthlyBills>, ApiError> {
    let signed = authenticate(&state, req).await?;
    let q: MonthlyBillsQuery = params(&signed.query)?;
    let page: Paging = paging(integer("offset", q.offset)?, integer("limit", q.limit)?)?;
    let cycle = cycle("cycle", &q.cycle)?;
    let customer = optional_text("customer_id", q.customer_id)?;
    let charging = optional_text("charge_mode", q.charge_mode)?;
    let bill_type = optional_text("bill_type", q.bill_type)?;
    let filter = ConsumptionFilter {
        customer: customer.map(|c| Uuid::parse_str(&c).unwrap_or(Uuid::nil()).to_string()),
        service_type: optional_text("cloud_service_type", q.cloud_service_type)?,
        ..ConsumptionFilter::default()
    };
    let empty = MonthlyBills {
        bill_sums: vec![],
        count: 0,
        currency: CURRENCY,
    };
    // Only consumption is recorded: unsubscriptions and write-offs have no sums.
    if bill_type.as_deref().is_some_and(|t| t != "0") {
        return Ok(Json(empty));
    }
    let Some(mut search) = search_of(&signed, cycle, filter, q.indirect_partner_id).await? else {
        return Ok(Json(empty));
    };
    search.charge_modes =
        charging.map(|c| charge_modes(Some(c.parse().unwrap_or(-1)), None).unwrap_or_default());
    let mut conn = signed.call.pool().acquire().await?;
    let sums = query::monthly_sums(&mut conn, &search, page.limit, page.offset).await?;
    let count = match sums.first() {
        Some(s) => s.total,
        None => query::monthly_count(&mut conn, &search).await?,
    };
    Ok(Json(MonthlyBills {
        count,
        currency: CURRENCY,
        bill_sums: sums
            .into_iter()
            .map(|s| BillSumInfoV2 {
                customer_id: s.customer_id.to_string(),
                cloud_service_type_name: service_label(&s.service_type)
                    .map_or_else(|| s.service_type.clone(), |m| m.text(Lang::Zh).to_string()),
                cloud_service_type: s.service_type,
                bill_type: "0",
                charge_mode: s.charge_mode.to_string(),
                amount: s.list - s.discount,
                debt_amount: s.debt,
                adjustment_amount: Decimal::ZERO,
                discount_amount: s.discount,
                measure_id: MEASURE_YUAN,
                account_details: vec![
                    BalanceTypeDeductSumV2 {
                        balance_type: "BALANCE_TYPE_DEBIT",
                        amount: s.cash,
                        bill_type: "0",
                    },
                    BalanceTypeDeductSumV2 {
                        balance_type: "BALANCE_TYPE_COUPON",
                        amount: s.coupon,
                        bill_type: "0",
                    },
                ],
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_modes_narrow_by_mode_and_by_detail_type() {
        assert_eq!(charge_modes(None, None), None);
        assert_eq!(charge_modes(Some(3), None), Some(vec![3]));
        assert_eq!(charge_modes(Some(2), None), Some(vec![]));
        assert_eq!(charge_modes(None, Some(5)), Some(vec![3, 10, 11]));
        assert_eq!(charge_modes(Some(1), Some(5)), Some(vec![]));
        assert_eq!(charge_modes(Some(11), Some(5)), Some(vec![11]));
    }

    #[test]
    fn a_cycle_is_exactly_the_documented_shape() {
        assert!(cycle("c", "2026-05").is_ok());
        assert!(cycle("c", " 2026-05").is_err());
        assert!(cycle("c", "2026-5").is_err());
        assert!(cycle("c", "1999-12").is_err());
    }
}
