//! `/partner/coupons/records`: operation records (操作记录) of issues, recalls and expiries,
//! refused issue lines included, filtered through a GET form, paged, exported as CSV.

use super::operation_label;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::coupons::{coupon_operations, IssueRefusal, OperationFilter, OperationPage, OPERATIONS};
use crate::ui::money::query_string;
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn filter_of(q: &ParamsMap) -> OperationFilter {
    OperationFilter {
        operation: q.get("operation"),
        customer: q.get("customer"),
        coupon: q.get("coupon"),
        from: q.get("from"),
        to: q.get("to"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

fn query_of(f: &OperationFilter, page: Option<u32>) -> String {
    let page = page.map(|p| p.to_string());
    query_string(&[
        ("operation", f.operation.as_deref()),
        ("customer", f.customer.as_deref()),
        ("coupon", f.coupon.as_deref()),
        ("from", f.from.as_deref()),
        ("to", f.to.as_deref()),
        ("page", page.as_deref()),
    ])
}

#[component]
pub fn OperationRecordsPage() -> impl IntoView {
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <h1>{t(Msg::OperationRecords)}</h1>
        <QueryPage
            from_query=filter_of
            load=coupon_operations
            render=|page, filter| view! { <Operations page filter/> }.into_any()
        />
    }
}

#[component]
fn Operations(page: OperationPage, filter: OperationFilter) -> impl IntoView {
    let lang = use_lang();
    let chosen = filter.operation.clone().unwrap_or_default();
    let operations = std::iter::once(("", Msg::FilterAll))
        .chain(
            OPERATIONS
                .iter()
                .filter_map(|o| operation_label(o).map(|m| (*o, m))),
        )
        .map(|(value, label)| {
            let is = value == chosen;
            view! { <option value=value selected=is>{label.text(lang)}</option> }
        })
        .collect_view();
    let export = format!("/partner/coupons/records.csv?{}", query_of(&filter, None));
    let paged = filter.clone();
    let href = move |p: u32| format!("/partner/coupons/records?{}", query_of(&paged, Some(p)));
    let empty = page
        .rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let what = operation_label(&r.operation).map(t).unwrap_or_default();
            let outcome = if r.success {
                view! { <span class="badge ok">{t(Msg::OutcomeSuccess)}</span> }.into_any()
            } else {
                let why = IssueRefusal::from_code(&r.reason).map(|x| t(x.label()));
                view! { <span class="badge off">{t(Msg::OutcomeFailure)}</span>" "{why} }.into_any()
            };
            view! {
                <tr data-operation=r.operation.clone()>
                    <td>{format_local(r.at)}</td>
                    <td>{what}</td>
                    <td>{outcome}</td>
                    <td>{r.customer_account}<br/><code>{r.customer_id}</code></td>
                    <td><code>{r.coupon_id}</code></td>
                    <td>{t(r.quota_kind.label())}</td>
                    <td class="num">{format_yuan(r.amount)}</td>
                    <td>{r.actor_name}</td>
                    <td>{r.remark}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/partner/coupons/records" class="filters">
            <label class="field"><span class="field-label">{t(Msg::Operation)}</span>
                <select name="operation">{operations}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CustomerOrId)}</span>
                <input type="search" name="customer" value=filter.customer.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CouponId)}</span>
                <input type="search" name="coupon" value=filter.coupon.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditFrom)}</span>
                <input type="date" name="from" value=filter.from.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditTo)}</span>
                <input type="date" name="to" value=filter.to.clone()/>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
            <crate::ui::chrome::CsvExportLinks href=export file="coupon-operations.csv"/>
        </form>
        <div class="table-wrap"><table data-testid="coupon-operations">
            <thead><tr>
                <th>{t(Msg::AuditTime)}</th><th>{t(Msg::Operation)}</th><th>{t(Msg::Outcome)}</th>
                <th>{t(Msg::AccountName)}</th><th>{t(Msg::CouponId)}</th><th>{t(Msg::CouponType)}</th>
                <th class="num">{t(Msg::AmountYuan)}</th><th>{t(Msg::AuditActor)}</th><th>{t(Msg::Remark)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}
