//! Coupons pages: the partner's quotas (and a distributor's grants to resellers), a quota with its
//! records, issuing with a preview, issued coupons, operation records, the customer's own
//! coupons, and the operator's quotas. Every form that issues, recalls or grants posts to its
//! server function with a one-time token.

mod grant;
mod issue;
mod issued;
mod mine;
mod operator;
mod quota;
mod quotas;
mod records;

pub use grant::GrantResultPage;
pub use issue::{IssuePage, IssueResultPage};
pub use issued::IssuedCouponsPage;
pub use mine::MyCouponsPage;
pub use operator::OperatorQuotasPage;
pub use quota::QuotaPage;
pub use quotas::QuotasPage;
pub use records::OperationRecordsPage;

use super::{IssueBatch, Limits, QuotaView};
use crate::core::i18n::{t, Msg, Text};
use crate::core::money::format_yuan;
use crate::core::time::format_local_date;
use crate::ui::money::MoneyFigure;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;

/// "2026-12-01 to 2027-03-31": Beijing days, both included (`until` is the exclusive end).
pub fn validity(from: DateTime<Utc>, until: DateTime<Utc>) -> String {
    Text::new(Msg::DateSpan)
        .arg("from", format_local_date(from))
        .arg("until", format_local_date(until - Duration::seconds(1)))
        .render(crate::core::i18n::use_lang())
}

/// What a quota or coupon may be spent on, or "No limits".
#[component]
pub fn LimitsView(limits: Limits) -> impl IntoView {
    let mut parts: Vec<AnyView> = vec![];
    if !limits.service_types.is_empty() {
        let items = limits.service_types.join(", ");
        parts
            .push(view! { <span>{t(Msg::ServiceTypes)}": "<code>{items}</code></span> }.into_any());
    }
    if !limits.products.is_empty() {
        let items = limits.products.join(", ");
        parts.push(view! { <span>{t(Msg::Products)}": "<code>{items}</code></span> }.into_any());
    }
    if let Some(min) = limits.min_order_amount {
        parts.push(view! { <span>{t(Msg::MinOrderAmount)}" "{format_yuan(min)}</span> }.into_any());
    }
    if limits.selected_only {
        parts.push(view! { <span>{t(Msg::SelectedOnly)}</span> }.into_any());
    }
    if parts.is_empty() {
        return view! { <span class="muted">{t(Msg::NoLimits)}</span> }.into_any();
    }
    view! { <span class="limits">{parts}</span> }.into_any()
}

/// The label of a quota record's kind.
pub fn record_label(kind: &str) -> Option<Msg> {
    Some(match kind {
        "grant" => Msg::QrGrant,
        "issue" => Msg::QrIssue,
        "recall" => Msg::QrRecall,
        "expiry_return" => Msg::QrExpiryReturn,
        "reseller_grant" => Msg::QrResellerGrant,
        "reseller_reclaim" => Msg::QrResellerReclaim,
        "reclaimed" => Msg::QrReclaimed,
        _ => return None,
    })
}

/// The label of an operation record's (or a coupon event's) operation.
pub fn operation_label(op: &str) -> Option<Msg> {
    Some(match op {
        "issue" => Msg::OpIssue,
        "recall" => Msg::OpRecall,
        "unbind_recall" => Msg::OpUnbindRecall,
        "expiry" => Msg::OpExpiry,
        _ => return None,
    })
}

/// Quotas as a table; `holder` adds who holds each (a distributor's grants, the operator's
/// list), `action` a last column (issue, reclaim).
#[component]
pub fn QuotaTable(
    quotas: Vec<QuotaView>,
    #[prop(optional)] holder: bool,
    #[prop(default = None)] action: Option<Callback<QuotaView, AnyView>>,
    #[prop(optional)] testid: &'static str,
    /// Whether each quota links to its page (a partner's view; the operator has none).
    #[prop(default = true)]
    link: bool,
) -> impl IntoView {
    if quotas.is_empty() {
        return view! { <p class="empty">{t(Msg::NoQuotas)}</p> }.into_any();
    }
    let rows = quotas
        .into_iter()
        .map(|q| {
            let extra = action.map(|a| view! { <td>{a.run(q.clone())}</td> });
            let held = holder.then(|| view! { <td>{q.holder.clone()}</td> });
            view! {
                <tr data-quota=q.id.clone()>
                    <td>
                        {if link {
                            view! { <a href=format!("/partner/coupons/quotas/{}", q.id)>{t(q.kind.quota_label())}</a> }.into_any()
                        } else {
                            view! { <span>{t(q.kind.quota_label())}</span> }.into_any()
                        }}
                        <br/><code>{q.id.clone()}</code>
                    </td>
                    {held}
                    <td class="num">{format_yuan(q.amount)}</td>
                    <td class="num remaining">{format_yuan(q.balance)}</td>
                    <td>{validity(q.valid_from, q.valid_until)}</td>
                    <td><LimitsView limits=q.limits.clone()/></td>
                    <td class="state">{t(q.state.label())}</td>
                    {extra}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table data-testid=(!testid.is_empty()).then_some(testid)>
            <thead><tr>
                <th>{t(Msg::QuotaType)}</th>
                {holder.then(|| view! { <th>{t(Msg::HeldBy)}</th> })}
                <th class="num">{t(Msg::QuotaGranted)}</th><th class="num">{t(Msg::QuotaRemaining)}</th>
                <th>{t(Msg::Validity)}</th><th>{t(Msg::Limits)}</th><th>{t(Msg::Status)}</th>
                {action.map(|_| view! { <th>{t(Msg::Actions)}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

/// An issue of coupons (or a grant of quota to resellers), previewed or applied: the quota's
/// balance before and after, the total, and each customer's (or reseller's) line.
#[component]
pub fn IssueLines(
    batch: IssueBatch,
    applied: bool,
    #[prop(optional)] resellers: bool,
) -> impl IntoView {
    let made = if resellers {
        Msg::NewQuotaId
    } else {
        Msg::MadeId
    };
    let rows = batch
        .lines
        .into_iter()
        .map(|l| {
            let ok = l.refusal.is_none();
            let outcome = match l.refusal {
                Some(r) => view! { <span class="badge off">{t(r.label())}</span> }.into_any(),
                None => {
                    let label = if applied {
                        Msg::Succeeded
                    } else {
                        Msg::WouldSucceed
                    };
                    view! { <span class="badge ok">{t(label)}</span> }.into_any()
                }
            };
            let key = l.id.clone();
            view! {
                <tr data-customer=key data-ok=ok.to_string()>
                    <td>{l.account_name}<br/><code>{l.id}</code></td>
                    <td>{outcome}</td>
                    {applied.then(|| view! { <td><code class="made">{l.made_id}</code></td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="subtitle">
            {t(batch.kind.label())}" · "{t(if resellers { Msg::AmountEach } else { Msg::FaceValue })}" "{format_yuan(batch.face_value)}
            " · "{t(Msg::Validity)}" "{validity(batch.valid_from, batch.valid_until)}
        </p>
        <div class="figures" data-testid="issue-figures">
            <MoneyFigure label=Msg::TotalYuan value=batch.total testid="issue-total"/>
            <MoneyFigure label=Msg::QuotaBalanceBefore value=batch.quota_balance_before/>
            <MoneyFigure label=Msg::QuotaBalanceAfter value=batch.quota_balance_after testid="quota-after"/>
        </div>
        <div class="table-wrap"><table data-testid="issue-lines">
            <thead><tr>
                <th>{t(if resellers { Msg::Reseller } else { Msg::AccountName })}</th><th>{t(Msg::Outcome)}</th>
                {applied.then(|| view! { <th>{t(made)}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}
