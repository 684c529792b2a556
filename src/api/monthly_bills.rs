//! `list_subcustomer_monthly_bills`: a billing cycle's sums by customer, service type and billing
//! mode, through the portal's search and reach (see `consumption`).

use super::amounts::number;
use super::auth::authenticate;
use super::consumption::{charge_modes, cycle, search_of, CURRENCY, MEASURE_YUAN};
use super::error::{ApiError, ErrorBody};
use super::fields::{optional_text, paging};
use super::query::{integer, params};
use crate::consumption::query;
use crate::consumption::{service_label, ConsumptionFilter};
use crate::core::i18n::Lang;
use crate::core::ids::Paging;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
