//! Operator console › Quotas: grant a partner a voucher or cash-coupon quota, and every partner's
//! quotas with what remains of each.

use super::QuotaTable;
use crate::core::i18n::{t, use_lang, Msg};
use crate::coupons::{operator_quotas, CouponKind, GrantQuota};
use crate::operator::list_partners;
use crate::ui::money::{DoneMessage, TokenField};
use crate::ui::{error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;

#[component]
pub fn OperatorQuotasPage() -> impl IntoView {
    let grant = ServerAction::<GrantQuota>::new();
    let quotas = Resource::new(move || grant.version().get(), |_| operator_quotas());
    let partners = Resource::new(|| (), |_| list_partners());
    let granted = Signal::derive(move || {
        matches!(grant.value().get(), Some(Ok(()))).then(|| t(Msg::QuotaGrantedDone).to_string())
    });
    view! {
        <h1>{t(Msg::NavQuotas)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match partners.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) => {
                        let options = list
                            .into_iter()
                            .map(|p| (p.id, format!("{} · {}", p.account_name, p.display_name)))
                            .collect();
                        view! { <GrantForm grant options/> }.into_any()
                    }
                }
            })}
        </Suspense>
        <DoneMessage text=granted/>
        <h2>{t(Msg::AllQuotas)}</h2>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match quotas.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) => view! { <QuotaTable quotas=list holder=true link=false testid="all-quotas"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GrantForm(grant: ServerAction<GrantQuota>, options: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let error = error_of(grant);
    let kinds = CouponKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.quota_label().text(lang).to_string()))
        .collect();
    view! {
        <details class="panel" open=true>
            <summary>{t(Msg::GrantQuota)}</summary>
            <ActionForm action=grant attr:class="form grid">
                <FormMessage error/>
                <SelectField label=Msg::Partner.into() name="form[partner]" options error/>
                <SelectField label=Msg::QuotaType.into() name="form[kind]" options=kinds error/>
                <Field label=Msg::AmountYuan name="form[amount]" error required=true/>
                <Field label=Msg::ValidFrom name="form[valid_from]" kind="date" error required=true/>
                <Field label=Msg::ValidUntil name="form[valid_until]" kind="date" error required=true/>
                <Field label=Msg::ServiceTypes name="form[service_types]" error/>
                <Field label=Msg::Products name="form[products]" error/>
                <Field label=Msg::MinOrderAmount name="form[min_order_amount]" error/>
                <label class="check">
                    <input type="checkbox" name="form[selected_only]" value="on"/>
                    <span>{t(Msg::SelectedOnly)}</span>
                </label>
                <Field label=Msg::Remark name="form[remark]" error/>
                <p class="note">{t(Msg::QuotaItemsHint)}</p>
                <TokenField version=grant.version()/>
                <div><button type="submit" class="primary">{t(Msg::GrantQuota)}</button></div>
            </ActionForm>
        </details>
    }
}
