//! `/partner/coupons`: the partner's voucher and cash-coupon quotas with what remains of each and
//! an "Issue" entry; for a tier-1 distributor, the quotas it granted its resellers (each can be
//! reclaimed) and the form that grants quota to chosen resellers.

use super::QuotaTable;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::coupons::{
    coupon_quotas, GrantResellerQuota, QuotaOverview, QuotaState, QuotaView, ReclaimResellerQuota,
};
use crate::ui::money::{DoneMessage, TokenField};
use crate::ui::{error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn QuotasPage() -> impl IntoView {
    let grant = ServerAction::<GrantResellerQuota>::new();
    let reclaim = ServerAction::<ReclaimResellerQuota>::new();
    let overview = Resource::new(
        move || (grant.version().get(), reclaim.version().get()),
        |_| coupon_quotas(),
    );
    view! {
        <h1>{t(Msg::NavCoupons)}</h1>
        <p>
            <a href="/partner/coupons/issued">{t(Msg::IssuedCoupons)}</a>" · "
            <a href="/partner/coupons/records">{t(Msg::OperationRecords)}</a>
        </p>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(o) => view! { <Quotas o grant reclaim/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn issuable(q: &QuotaView) -> bool {
    q.state == QuotaState::Normal && q.balance > Decimal::ZERO
}

#[component]
fn Quotas(
    o: QuotaOverview,
    grant: ServerAction<GrantResellerQuota>,
    reclaim: ServerAction<ReclaimResellerQuota>,
) -> impl IntoView {
    let issue = o.can_issue.then(|| {
        Callback::new(|q: QuotaView| {
            issuable(&q)
                .then(|| view! { <a class="button-secondary" href=format!("/partner/coupons/issue?quota={}", q.id)>{t(Msg::IssueTitle)}</a> })
                .into_any()
        })
    });
    let grant_form = (o.can_grant && !o.resellers.is_empty()).then(|| {
        let sources: Vec<QuotaView> = o.quotas.iter().filter(|q| issuable(q)).cloned().collect();
        view! { <GrantForm grant sources resellers=o.resellers.clone()/> }
    });
    let granted = (o.can_grant || !o.granted.is_empty()).then(|| {
        let take_back = o.can_grant.then(|| {
            Callback::new(move |q: QuotaView| {
                (q.state != QuotaState::Reclaimed)
                    .then(|| view! { <ReclaimForm reclaim quota=q.id/> })
                    .into_any()
            })
        });
        view! {
            <h2>{t(Msg::GrantedQuotas)}</h2>
            <ReclaimDone reclaim/>
            <FormMessage error=error_of(reclaim)/>
            <QuotaTable quotas=o.granted holder=true action=take_back testid="granted-quotas"/>
            {grant_form}
        }
    });
    view! {
        <h2>{t(Msg::OurQuotas)}</h2>
        <QuotaTable quotas=o.quotas action=issue testid="quotas"/>
        {granted}
    }
}

/// "… yuan went back to the parent quota" after a reclaim.
#[component]
fn ReclaimDone(reclaim: ServerAction<ReclaimResellerQuota>) -> impl IntoView {
    let lang = use_lang();
    let text = Signal::derive(move || {
        reclaim.value().get().and_then(|r| r.ok()).map(|lines| {
            let total: Decimal = lines.iter().map(|l| l.reclaimed).sum();
            Text::new(Msg::ReclaimDone)
                .arg("amount", format_yuan(total))
                .render(lang)
        })
    });
    view! { <DoneMessage text/> }
}

#[component]
fn ReclaimForm(reclaim: ServerAction<ReclaimResellerQuota>, quota: String) -> impl IntoView {
    view! {
        <ActionForm action=reclaim attr:class="inline">
            <input type="hidden" name="quota" value=quota/>
            <TokenField version=reclaim.version()/>
            <button type="submit" class="danger">{t(Msg::ReclaimQuota)}</button>
        </ActionForm>
    }
}

/// Grants each chosen reseller the same amount from one of the distributor's quotas; the
/// result shows on its own page.
#[component]
fn GrantForm(
    grant: ServerAction<GrantResellerQuota>,
    sources: Vec<QuotaView>,
    resellers: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let error = error_of(grant);
    let resellers_error = move || error.get().and_then(|e| e.field_message("resellers", lang));
    let options: Vec<(String, String)> = sources
        .into_iter()
        .map(|q| {
            let label = format!(
                "{} · {} · {}",
                q.kind.quota_label().text(lang),
                format_yuan(q.balance),
                &q.id[..8]
            );
            (q.id, label)
        })
        .collect();
    let checks = resellers
        .into_iter()
        .enumerate()
        .map(|(i, (id, name))| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("resellers[{i}]") value=id/>
                    <span>{name}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="panel" open=true>
            <summary>{t(Msg::GrantToResellers)}</summary>
            <p class="note">{t(Msg::GrantLead)}</p>
            <ActionForm action=grant attr:class="form grid">
                <FormMessage error/>
                <SelectField label=Msg::FromQuota.into() name="quota" options error/>
                <Field label=Msg::AmountEach name="amount" error required=true/>
                <fieldset class="checks">
                    <legend>{t(Msg::FigResellers)}</legend>
                    {checks}
                    {move || resellers_error().map(|m| view! { <span class="field-error">{m}</span> })}
                </fieldset>
                <TokenField version=grant.version()/>
                <div><button type="submit" class="primary">{t(Msg::Grant)}</button></div>
            </ActionForm>
        </details>
    }
}
