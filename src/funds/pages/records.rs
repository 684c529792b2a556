//! `/partner/funds/records`: adjustment records, filtered through a GET form, paged, exported as
//! CSV; `/partner/funds/entries`: the partner account's changes.

use super::{AdjustmentTable, EntryTable};
use crate::core::i18n::{t, use_lang, Msg};
use crate::funds::{
    adjustment_records, partner_account_entries, AdjustmentFilter, AdjustmentPage, EntryPage,
    TransferKind,
};
use crate::ui::money::query_string;
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn filter_of(q: &ParamsMap) -> AdjustmentFilter {
    AdjustmentFilter {
        customer: q.get("customer"),
        kind: q.get("kind"),
        from: q.get("from"),
        to: q.get("to"),
        trans_id: q.get("trans_id"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

fn query_of(f: &AdjustmentFilter, page: Option<u32>) -> String {
    let page = page.map(|p| p.to_string());
    query_string(&[
        ("customer", f.customer.as_deref()),
        ("kind", f.kind.as_deref()),
        ("from", f.from.as_deref()),
        ("to", f.to.as_deref()),
        ("trans_id", f.trans_id.as_deref()),
        ("page", page.as_deref()),
    ])
}

#[component]
pub fn AdjustmentRecordsPage() -> impl IntoView {
    view! {
        <p><a href="/partner/funds">"← "{t(Msg::NavFunds)}</a></p>
        <h1>{t(Msg::AdjustmentRecords)}</h1>
        <QueryPage
            from_query=filter_of
            load=adjustment_records
            render=|page, filter| view! { <Adjustments page filter/> }.into_any()
        />
    }
}

#[component]
fn Adjustments(page: AdjustmentPage, filter: AdjustmentFilter) -> impl IntoView {
    let lang = use_lang();
    let kind = filter.kind.clone().unwrap_or_default();
    let kinds = std::iter::once((String::new(), Msg::FilterAll))
        .chain(
            TransferKind::ADJUSTMENTS
                .iter()
                .map(|k| (k.code().to_string(), k.label())),
        )
        .map(|(value, label)| {
            let selected = value == kind;
            view! { <option value=value selected=selected>{label.text(lang)}</option> }
        })
        .collect_view();
    let export = format!("/partner/funds/records.csv?{}", query_of(&filter, None));
    let paged = filter.clone();
    let href = move |p: u32| format!("/partner/funds/records?{}", query_of(&paged, Some(p)));
    view! {
        <form method="get" action="/partner/funds/records" class="filters">
            <label class="field"><span class="field-label">{t(Msg::CustomerOrId)}</span>
                <input type="search" name="customer" value=filter.customer.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::RecordType)}</span>
                <select name="kind">{kinds}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditFrom)}</span>
                <input type="date" name="from" value=filter.from.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditTo)}</span>
                <input type="date" name="to" value=filter.to.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::TransId)}</span>
                <input type="search" name="trans_id" value=filter.trans_id.clone()/>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
            <crate::ui::chrome::CsvExportLinks href=export file="adjustments.csv"/>
        </form>
        <AdjustmentTable rows=page.rows/>
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}

/// The filter of the account's changes: Beijing dates and a page.
#[derive(Clone, Debug, Default, PartialEq)]
struct EntryFilter {
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
}

#[component]
pub fn AccountEntriesPage() -> impl IntoView {
    view! {
        <p><a href="/partner/funds">"← "{t(Msg::NavFunds)}</a></p>
        <h1>{t(Msg::AccountEntries)}</h1>
        <QueryPage
            from_query=|q| EntryFilter {
                from: q.get("from"),
                to: q.get("to"),
                page: q.get("page").and_then(|p| p.parse().ok()),
            }
            load=|f| partner_account_entries(f.from, f.to, f.page)
            render=|page, filter| view! { <Entries page filter/> }.into_any()
        />
    }
}

#[component]
fn Entries(page: EntryPage, filter: EntryFilter) -> impl IntoView {
    let paged = filter.clone();
    let href = move |p: u32| {
        let p = p.to_string();
        let q = query_string(&[
            ("from", paged.from.as_deref()),
            ("to", paged.to.as_deref()),
            ("page", Some(&p)),
        ]);
        format!("/partner/funds/entries?{q}")
    };
    view! {
        <form method="get" action="/partner/funds/entries" class="filters">
            <label class="field"><span class="field-label">{t(Msg::AuditFrom)}</span>
                <input type="date" name="from" value=filter.from.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditTo)}</span>
                <input type="date" name="to" value=filter.to.clone()/>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
        </form>
        <EntryTable rows=page.rows/>
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}
