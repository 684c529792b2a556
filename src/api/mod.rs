//! The Huawei-compatible partner API (BSS v2 paths, fields and error codes), signed with
//! `SDK-HMAC-SHA256` access keys, so that partners' SDK code works against Partner Centre
//! unchanged. Handlers translate fields and call the capability services the portal calls.
//! Everything under `/v2` and `/v3` answers JSON, unknown paths and wrong methods included.

mod amounts;
mod auth;
mod consumption;
mod coupon_records;
mod coupon_terms;
mod coupons;
mod customers;
mod doc;
mod error;
mod fee_records;
mod fields;
mod fund_records;
mod funds;
mod granted_quotas;
mod issued_coupons;
mod monthly_bills;
mod my_coupons;
mod query;
mod quota_grants;
mod quotas;
mod reach;
mod reseller_funds;
pub mod signature;

pub use error::ApiError;

use crate::server::AppState;
use crate::web::security::client_addr;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use doc::{ExactRules, SdkSignature};

/// The OpenAPI 3 document of the API, generated from the handlers and their types.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Partner Centre API",
        description = "Huawei Cloud BSS partner API, compatible: the same paths, fields and error codes. \
                       Requests are signed with SDK-HMAC-SHA256 access keys (X-Sdk-Date within 15 minutes). \
                       Unknown paths under /v2 answer 404 APIGW.0101 and wrong methods 405, both as JSON."
    ),
    paths(
        customers::list_sub_customers,
        customers::create_sub_customer,
        customers::list_indirect_partners,
        funds::list_partner_balances,
        funds::update_customer_account_amount,
        funds::reclaim_to_partner_account,
        funds::list_customers_balances_detail,
        reseller_funds::update_indirect_partner_account,
        reseller_funds::reclaim_indirect_partner_account,
        fund_records::list_partner_adjust_records,
        fund_records::list_partner_account_change_records,
        quotas::list_quota_coupons,
        quota_grants::update_coupon_quotas,
        quota_grants::reclaim_coupon_quotas,
        granted_quotas::list_issued_coupon_quotas,
        granted_quotas::list_coupon_quotas_records,
        coupons::create_partner_coupons,
        issued_coupons::list_issued_partner_coupons,
        coupons::reclaim_partner_coupons,
        coupon_records::list_partner_coupons_record,
        my_coupons::list_sub_customer_coupons,
        consumption::list_consume_sub_customers,
        fee_records::list_sub_customer_bill_detail,
        monthly_bills::list_subcustomer_monthly_bills
    ),
    modifiers(&SdkSignature, &ExactRules)
)]
pub struct ApiDoc;

/// The methods a path answers; any other gets Huawei's JSON error and the `Allow` header,
/// instead of an empty 405.
fn only(methods: MethodRouter<AppState>, allow: &'static str) -> MethodRouter<AppState> {
    methods.fallback(move || async move {
        let mut res = ApiError::method_not_allowed().into_response();
        res.headers_mut().insert(
            axum::http::header::ALLOW,
            axum::http::HeaderValue::from_static(allow),
        );
        res
    })
}

/// A POST endpoint (see [`only`]).
fn post_json<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    only(post(handler), "POST")
}

/// A GET endpoint (see [`only`]).
fn get_json<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    only(get(handler), "GET")
}

pub fn router(state: AppState) -> Router {
    let unknown = || async { ApiError::unknown_path().into_response() };
    Router::new()
        .route(
            "/api/openapi.json",
            axum::routing::get(|| async { axum::Json(<ApiDoc as utoipa::OpenApi>::openapi()) }),
        )
        .route(
            "/v2/partners/sub-customers/query",
            post_json(customers::list_sub_customers),
        )
        .route(
            "/v2/partners/sub-customers",
            post_json(customers::create_sub_customer),
        )
        .route(
            "/v2/partners/indirect-partners/query",
            post_json(customers::list_indirect_partners),
        )
        .route(
            "/v2/accounts/partner-accounts/balances",
            get_json(funds::list_partner_balances),
        )
        .route(
            "/v2/accounts/partner-accounts/adjust-amount",
            post_json(funds::update_customer_account_amount),
        )
        .route(
            "/v2/accounts/partner-accounts/reclaim",
            post_json(funds::reclaim_to_partner_account),
        )
        .route(
            "/v2/accounts/customer-accounts/balances/batch-query",
            post_json(funds::list_customers_balances_detail),
        )
        .route(
            "/v2/accounts/partner-accounts/indirect-partner-adjust",
            post_json(reseller_funds::update_indirect_partner_account),
        )
        .route(
            "/v2/accounts/partner-accounts/indirect-partner-reclaim",
            post_json(reseller_funds::reclaim_indirect_partner_account),
        )
        .route(
            "/v3/accounts/partner-accounts/adjust-records",
            get_json(fund_records::list_partner_adjust_records),
        )
        .route(
            "/v2/accounts/partner-accounts/account-change-records",
            get_json(fund_records::list_partner_account_change_records),
        )
        .route(
            "/v2/partners/coupon-quotas/query",
            post_json(quotas::list_quota_coupons),
        )
        .route(
            "/v2/partners/coupon-quotas/indirect-partner-adjust",
            post_json(quota_grants::update_coupon_quotas),
        )
        .route(
            "/v2/partners/coupon-quotas/indirect-partner-reclaim",
            post_json(quota_grants::reclaim_coupon_quotas),
        )
        .route(
            "/v2/partners/issued-coupon-quotas",
            get_json(granted_quotas::list_issued_coupon_quotas),
        )
        .route(
            "/v2/partners/coupon-quotas/records",
            get_json(granted_quotas::list_coupon_quotas_records),
        )
        .route(
            "/v2/promotions/benefits/partner-coupons",
            only(
                get(issued_coupons::list_issued_partner_coupons)
                    .post(coupons::create_partner_coupons),
                "GET, POST",
            ),
        )
        .route(
            "/v2/promotions/benefits/partner-coupons/reclaim",
            post_json(coupons::reclaim_partner_coupons),
        )
        .route(
            "/v2/promotions/benefits/partner-coupons/records/query",
            get_json(coupon_records::list_partner_coupons_record),
        )
        .route(
            "/v2/promotions/benefits/coupons",
            get_json(my_coupons::list_sub_customer_coupons),
        )
        .route(
            "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query",
            post_json(consumption::list_consume_sub_customers),
        )
        .route(
            "/v2/bills/subcustomer-bills/res-fee-records",
            get_json(fee_records::list_sub_customer_bill_detail),
        )
        .route(
            "/v2/bills/partner-bills/subcustomer-bills/monthly-sum",
            get_json(monthly_bills::list_subcustomer_monthly_bills),
        )
        .route("/v2", any(unknown))
        .route("/v2/", any(unknown))
        .route("/v2/{*rest}", any(unknown))
        .route("/v3", any(unknown))
        .route("/v3/", any(unknown))
        .route("/v3/{*rest}", any(unknown))
        .layer(from_fn_with_state(state.clone(), client_addr))
        .with_state(state)
}
