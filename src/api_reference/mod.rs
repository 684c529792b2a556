//! The API reference page (Partner Centre › API): every endpoint of the Huawei-compatible API with
//! the SDK method that calls it, the permission item its key's user needs, and the limits. The
//! machine-readable form is the OpenAPI document at `/api/openapi.json`.

use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::permissions::Permission;
use leptos::prelude::*;

pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub sdk_method: &'static str,
    /// The item its key's user needs; `None`: a customer's own key.
    pub permission: Option<Permission>,
    pub summary: Msg,
}

macro_rules! endpoints {
    ($($method:literal $path:literal $sdk:ident $item:expr, $summary:ident;)*) => {
        &[$(Endpoint {
            method: $method,
            path: $path,
            sdk_method: stringify!($sdk),
            permission: $item,
            summary: Msg::$summary,
        }),*]
    };
}

/// Every endpoint served, in the order of Huawei's reference.
pub const ENDPOINTS: &[Endpoint] = {
    use Permission::*;
    endpoints! {
        "POST" "/v2/partners/sub-customers/query" list_sub_customers Some(SalesCustomersView), ApiListSubCustomers;
        "POST" "/v2/partners/sub-customers" create_sub_customer Some(SalesCustomersCreate), ApiCreateSubCustomer;
        "POST" "/v2/partners/indirect-partners/query" list_indirect_partners Some(SalesCustomersView), ApiListIndirectPartners;
        "GET" "/v2/accounts/partner-accounts/balances" list_partner_balances Some(SalesFundsView), ApiListPartnerBalances;
        "POST" "/v2/accounts/partner-accounts/adjust-amount" update_customer_account_amount Some(SalesFundsAllocate), ApiAllocate;
        "POST" "/v2/accounts/partner-accounts/reclaim" reclaim_to_partner_account Some(SalesFundsReclaim), ApiReclaim;
        "GET" "/v3/accounts/partner-accounts/adjust-records" list_partner_adjust_records Some(SalesFundsView), ApiAdjustRecords;
        "GET" "/v2/accounts/partner-accounts/account-change-records" list_partner_account_change_records Some(SalesFundsView), ApiAccountChanges;
        "POST" "/v2/accounts/customer-accounts/balances/batch-query" list_customers_balances_detail Some(SalesFundsView), ApiCustomersBalances;
        "POST" "/v2/accounts/partner-accounts/indirect-partner-adjust" update_indirect_partner_account Some(SalesFundsAllocate), ApiResellerAllocate;
        "POST" "/v2/accounts/partner-accounts/indirect-partner-reclaim" reclaim_indirect_partner_account Some(SalesFundsReclaim), ApiResellerReclaim;
        "POST" "/v2/partners/coupon-quotas/query" list_quota_coupons Some(SalesCouponsView), ApiQuotas;
        "GET" "/v2/partners/coupon-quotas/records" list_coupon_quotas_records Some(SalesCouponsView), ApiQuotaRecords;
        "POST" "/v2/partners/coupon-quotas/indirect-partner-adjust" update_coupon_quotas Some(SalesCouponsQuotas), ApiGrantQuotas;
        "POST" "/v2/partners/coupon-quotas/indirect-partner-reclaim" reclaim_coupon_quotas Some(SalesCouponsQuotas), ApiReclaimQuotas;
        "GET" "/v2/partners/issued-coupon-quotas" list_issued_coupon_quotas Some(SalesCouponsView), ApiGrantedQuotas;
        "POST" "/v2/promotions/benefits/partner-coupons" create_partner_coupons Some(SalesCouponsIssue), ApiIssueCoupons;
        "GET" "/v2/promotions/benefits/partner-coupons" list_issued_partner_coupons Some(SalesCouponsView), ApiIssuedCoupons;
        "POST" "/v2/promotions/benefits/partner-coupons/reclaim" reclaim_partner_coupons Some(SalesCouponsRecall), ApiRecallCoupon;
        "GET" "/v2/promotions/benefits/partner-coupons/records/query" list_partner_coupons_record Some(SalesCouponsView), ApiCouponRecords;
        "GET" "/v2/promotions/benefits/coupons" list_sub_customer_coupons None, ApiMyCoupons;
        "POST" "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query" list_consume_sub_customers Some(SalesConsumptionView), ApiConsumeSubCustomers;
        "GET" "/v2/bills/subcustomer-bills/res-fee-records" list_sub_customer_bill_detail Some(SalesConsumptionView), ApiBillDetail;
        "GET" "/v2/bills/partner-bills/subcustomer-bills/monthly-sum" list_subcustomer_monthly_bills Some(SalesConsumptionView), ApiMonthlyBills;
    }
};

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(Msg::ApiTitle)}</h1>
        <p class="lead">{t(Msg::ApiLead)}</p>
        <ul class="notes">
            <li>{t(Msg::ApiSigning)}</li>
            <li>{Text::new(Msg::ApiLimits).arg("window", 15).render(lang)}</li>
            <li>{t(Msg::ApiErrors)}</li>
            // The same English words in both languages.
            <li><a href="/api/openapi.json" rel="external" lang="en">"OpenAPI 3: /api/openapi.json"</a></li>
        </ul>
        <div class="table-wrap"><table data-testid="api-endpoints">
            <thead><tr>
                <th>{t(Msg::ApiEndpoint)}</th><th>{t(Msg::ApiSdkMethod)}</th>
                <th>{t(Msg::ApiPermission)}</th><th>{t(Msg::ApiWhat)}</th>
            </tr></thead>
            <tbody>
                {ENDPOINTS.iter().map(|e| view! {
                    <tr>
                        <td><code>{e.method}" "{e.path}</code></td>
                        <td><code>{e.sdk_method}</code></td>
                        <td>{match e.permission {
                            Some(item) => view! { <code>{item.code()}</code><br/>{t(item.label())} }.into_any(),
                            None => t(Msg::ApiCustomerKey).into_any(),
                        }}</td>
                        <td>{t(e.summary)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
