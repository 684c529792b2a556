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
    pub permission: Permission,
    pub summary: Msg,
}

/// Every endpoint served, in the order of Huawei's reference.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "POST",
        path: "/v2/partners/sub-customers/query",
        sdk_method: "list_sub_customers",
        permission: Permission::SalesCustomersView,
        summary: Msg::ApiListSubCustomers,
    },
    Endpoint {
        method: "POST",
        path: "/v2/partners/sub-customers",
        sdk_method: "create_sub_customer",
        permission: Permission::SalesCustomersCreate,
        summary: Msg::ApiCreateSubCustomer,
    },
    Endpoint {
        method: "POST",
        path: "/v2/partners/indirect-partners/query",
        sdk_method: "list_indirect_partners",
        permission: Permission::SalesCustomersView,
        summary: Msg::ApiListIndirectPartners,
    },
];

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
                        <td><code>{e.permission.code()}</code><br/>{t(e.permission.label())}</td>
                        <td>{t(e.summary)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
