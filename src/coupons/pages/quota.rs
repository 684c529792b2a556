//! `/partner/coupons/quotas/{id}`: one quota (held, or granted to a reseller) with its records,
//! and the way to issue coupons from it.

use super::{record_label, validity, LimitsView};
use crate::core::i18n::{t, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::coupons::{coupon_quota, QuotaDetail};
use crate::ui::ErrorPage;
use leptos::prelude::*;

#[component]
pub fn QuotaPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let detail = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        coupon_quota,
    );
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(d) => view! { <Quota d/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Quota(d: QuotaDetail) -> impl IntoView {
    let q = d.quota;
    let issue = d.can_issue.then(|| {
        view! { <a class="button" href=format!("/partner/coupons/issue?quota={}", q.id)>{t(Msg::IssueFromQuota)}</a> }
    });
    let records = d
        .records
        .into_iter()
        .map(|r| {
            let what = record_label(&r.kind).map(t).unwrap_or_default();
            let who = r
                .customer_account
                .or(r.reseller_account)
                .unwrap_or_default();
            view! {
                <tr>
                    <td>{format_local(r.at)}</td>
                    <td>{what}</td>
                    <td class="num">{format_yuan(r.change)}</td>
                    <td class="num">{format_yuan(r.balance_after)}</td>
                    <td>{who}{r.coupon_id.map(|c| view! { <br/><code>{c}</code> })}</td>
                    <td>{r.actor_name}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{t(q.kind.quota_label())}" "<small>{q.id.clone()}</small></h1>
        <dl class="facts" data-testid="quota">
            <dt>{t(Msg::QuotaGranted)}</dt><dd>{format_yuan(q.amount)}</dd>
            <dt>{t(Msg::QuotaRemaining)}</dt><dd data-testid="quota-remaining">{format_yuan(q.balance)}</dd>
            <dt>{t(Msg::Validity)}</dt><dd>{validity(q.valid_from, q.valid_until)}</dd>
            <dt>{t(Msg::Limits)}</dt><dd><LimitsView limits=q.limits.clone()/></dd>
            <dt>{t(Msg::Status)}</dt><dd>{t(q.state.label())}</dd>
            {q.holder.clone().map(|h| view! { <dt>{t(Msg::HeldBy)}</dt><dd>{h}</dd> })}
            <dt>{t(Msg::IssuedCount)}</dt><dd>{d.issued_count}</dd>
            {(!q.remark.is_empty()).then(|| view! { <dt>{t(Msg::Remark)}</dt><dd>{q.remark.clone()}</dd> })}
        </dl>
        <p class="actions">
            {issue}
            <a href=format!("/partner/coupons/issued?quota={}", q.id)>{t(Msg::IssuedCoupons)}</a>
        </p>
        <h2>{t(Msg::QuotaRecords)}</h2>
        <div class="table-wrap"><table data-testid="quota-records">
            <thead><tr>
                <th>{t(Msg::AuditTime)}</th><th>{t(Msg::RecordType)}</th><th class="num">{t(Msg::ChangeYuan)}</th>
                <th class="num">{t(Msg::BalanceAfter)}</th><th>{t(Msg::Counterpart)}</th><th>{t(Msg::AuditActor)}</th>
            </tr></thead>
            <tbody>{records}</tbody>
        </table></div>
    }
}
