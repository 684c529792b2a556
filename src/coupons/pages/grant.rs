//! `/partner/coupons/grants/{id}`: what a distributor's grant of quota to its resellers did.

use super::IssueLines;
use crate::core::i18n::{t, Msg};
use crate::coupons::reseller_quota_grant;
use crate::ui::ErrorPage;
use leptos::prelude::*;

#[component]
pub fn GrantResultPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let batch = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        reseller_quota_grant,
    );
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <h1>{t(Msg::GrantResultTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match batch.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(b) => view! { <IssueLines batch=b applied=true resellers=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
