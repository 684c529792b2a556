//! Consumption: the customers with spend in a cycle (`list_consume_sub_customers`), their fee
//! records (`list_sub_customer_bill_detail`) and a cycle's sums by customer, service and billing
//! mode (`list_subcustomer_monthly_bills`), read through the searches the portal's Consumption
//! pages use, with the same reach: partner, customer manager from its assignment, supervisor.
//!
//! A cycle the document allows but outside the 18 months kept, or a filter naming nothing of
//! the caller's, answers an empty list, as Huawei does, rather than an error.

use super::auth::{authenticate, Signed};
use super::error::{ApiError, ErrorBody};
use super::fields::{json_body, json_integer, paging};
use super::reach::read_as;
use crate::consumption::query::{self, Search};
use crate::consumption::rules::{Period, PeriodError};
use crate::consumption::service;
use crate::consumption::{ConsumptionFilter, Grouping};
use crate::core::permissions::Permission;
use crate::core::time::BillingCycle;
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::Json;
use serde::{Deserialize, Serialize};

pub(super) const CURRENCY: &str = "CNY";
/// Amounts in 元 (Huawei's measure 1).
pub(super) const MEASURE_YUAN: i32 = 1;

/// A cycle exactly as the document's pattern states it.
pub(super) fn cycle(field: &str, value: &str) -> Result<BillingCycle, ApiError> {
    let shaped = value.len() == 7 && !value.starts_with(' ') && !value.ends_with(' ');
    BillingCycle::parse(value)
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| ApiError::parameter(format!("{field}: a billing cycle like 2026-05.")))
}

/// The search for one cycle, or `None` when the request can match nothing (a cycle outside
/// the months kept, a customer or manager that is not the caller's).
pub(super) async fn search_of(
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

/// The billing modes a `charging_mode` and a `bill_detail_type` leave (none: no filter).
pub(super) fn charge_modes(charging: Option<i64>, detail_type: Option<i64>) -> Option<Vec<i16>> {
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
