//! `/partner/coupons/issued`: the coupons the partner issued, filtered through a GET form, paged,
//! exported as CSV; a usable one can be recalled by a holder of `sales.coupons.recall`.

use super::validity;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::coupons::{
    issued_coupons, CouponFilter, CouponKind, CouponPage, CouponRow, CouponStatus, RecallCoupon,
};
use crate::ui::money::{query_string, DoneMessage, TokenField};
use crate::ui::{error_of, FormMessage, Pager, QueryPage};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn filter_of(q: &ParamsMap) -> CouponFilter {
    CouponFilter {
        customer: q.get("customer"),
        coupon: q.get("coupon"),
        quota: q.get("quota"),
        kind: q.get("kind"),
        status: q.get("status"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

fn query_of(f: &CouponFilter, page: Option<u32>) -> String {
    let page = page.map(|p| p.to_string());
    query_string(&[
        ("customer", f.customer.as_deref()),
        ("coupon", f.coupon.as_deref()),
        ("quota", f.quota.as_deref()),
        ("kind", f.kind.as_deref()),
        ("status", f.status.as_deref()),
        ("page", page.as_deref()),
    ])
}

#[component]
pub fn IssuedCouponsPage() -> impl IntoView {
    let recall = ServerAction::<RecallCoupon>::new();
    provide_context(recall);
    let recalled = Signal::derive(move || {
        matches!(recall.value().get(), Some(Ok(()))).then(|| t(Msg::Recalled).to_string())
    });
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <h1>{t(Msg::IssuedCoupons)}</h1>
        <FormMessage error=error_of(recall)/>
        <DoneMessage text=recalled/>
        <QueryPage
            from_query=filter_of
            load=issued_coupons
            render=|page, filter| view! { <Issued page filter/> }.into_any()
            refresh=recall.version()
        />
    }
}

/// `(value, label)` options, "All" first, one selected.
fn choices(all: Vec<(&'static str, Msg)>, selected: Option<&str>) -> impl IntoView {
    let lang = use_lang();
    let selected = selected.unwrap_or_default().to_string();
    std::iter::once(("", Msg::FilterAll))
        .chain(all)
        .map(|(value, label)| {
            let is = value == selected;
            view! { <option value=value selected=is>{label.text(lang)}</option> }
        })
        .collect_view()
}

#[component]
fn Issued(page: CouponPage, filter: CouponFilter) -> impl IntoView {
    let recall = expect_context::<ServerAction<RecallCoupon>>();
    let kinds = CouponKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let statuses = CouponStatus::ALL
        .iter()
        .map(|s| (s.code(), s.label()))
        .collect();
    let export = format!("/partner/coupons/issued.csv?{}", query_of(&filter, None));
    let paged = filter.clone();
    let href = move |p: u32| format!("/partner/coupons/issued?{}", query_of(&paged, Some(p)));
    let can_recall = page.can_recall;
    let empty = page
        .rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let rows = page
        .rows
        .into_iter()
        .map(|c| view! { <IssuedRow c can_recall recall/> })
        .collect_view();
    view! {
        <form method="get" action="/partner/coupons/issued" class="filters">
            <label class="field"><span class="field-label">{t(Msg::CustomerOrId)}</span>
                <input type="search" name="customer" value=filter.customer.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CouponId)}</span>
                <input type="search" name="coupon" value=filter.coupon.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::QuotaId)}</span>
                <input type="search" name="quota" value=filter.quota.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CouponType)}</span>
                <select name="kind">{choices(kinds, filter.kind.as_deref())}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::Status)}</span>
                <select name="status">{choices(statuses, filter.status.as_deref())}</select>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
            <crate::ui::chrome::CsvExportLinks href=export file="coupons.csv"/>
        </form>
        <div class="table-wrap"><table data-testid="issued-coupons">
            <thead><tr>
                <th>{t(Msg::CouponId)}</th><th>{t(Msg::AccountName)}</th><th>{t(Msg::CouponType)}</th>
                <th class="num">{t(Msg::FaceValue)}</th><th class="num">{t(Msg::Balance)}</th><th>{t(Msg::Status)}</th>
                <th>{t(Msg::Validity)}</th><th>{t(Msg::IssuedAt)}</th><th>{t(Msg::Remark)}</th>
                {can_recall.then(|| view! { <th>{t(Msg::Actions)}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}

#[component]
fn IssuedRow(c: CouponRow, can_recall: bool, recall: ServerAction<RecallCoupon>) -> impl IntoView {
    let (key, id) = (c.id.clone(), c.id.clone());
    let inactive = c.status != CouponStatus::Usable;
    let action = can_recall.then(|| {
        let form = (c.status == CouponStatus::Usable).then(|| {
            view! {
                <ActionForm action=recall attr:class="inline">
                    <input type="hidden" name="coupon" value=c.id.clone()/>
                    <TokenField version=recall.version()/>
                    <button type="submit" class="danger">{t(Msg::Recall)}</button>
                </ActionForm>
            }
        });
        view! { <td>{form}</td> }
    });
    view! {
        <tr data-coupon=key data-status=c.status.code() class:inactive=inactive>
            <td><code>{id}</code></td>
            <td><a href=format!("/partner/customers/{}", c.customer_id)>{c.customer_account}</a></td>
            <td>{t(c.kind.label())}</td>
            <td class="num">{format_yuan(c.face_value)}</td>
            <td class="num">{format_yuan(c.balance)}</td>
            <td class="status">{t(c.status.label())}</td>
            <td>{validity(c.valid_from, c.valid_until)}</td>
            <td>{format_local(c.issued_at)}<br/>{c.issued_by}</td>
            <td>{c.remark}</td>
            {action}
        </tr>
    }
}
