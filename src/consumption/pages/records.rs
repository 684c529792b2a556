//! `/partner/consumption/records`: the detail records the summary adds up.

use super::{filter_of, query_of, AsOf, FilterForm, RecordTable};
use crate::consumption::{consumption_records, ConsumptionFilter, RecordPage, RECORD_PAGES};
use crate::core::i18n::{t, Msg};
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;

#[component]
pub fn ConsumptionRecordsPage() -> impl IntoView {
    view! {
        <p><a href="/partner/consumption">"← "{t(Msg::ConsumptionSummary)}</a></p>
        <h1>{t(Msg::ConsumptionRecords)}</h1>
        <QueryPage
            from_query=filter_of
            load=consumption_records
            render=|page, filter| view! { <Records page filter/> }.into_any()
        />
    }
}

#[component]
fn Records(page: RecordPage, filter: ConsumptionFilter) -> impl IntoView {
    let empty = page
        .rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let paged = filter.clone();
    let href = move |p: u32| format!("/partner/consumption/records?{}", query_of(&paged, Some(p)));
    view! {
        <FilterForm action="/partner/consumption/records" filter=filter.clone() from=page.from.clone()
            to=page.to.clone() pick_manager=page.pick_manager managers=page.managers.clone()/>
        <AsOf at=page.as_of/>
        <crate::exports::pages::ExportButtons filter=filter.clone()/>
        <RecordTable rows=page.rows with_customer=true/>
        {empty}
        <Pager page=page.page page_size=page.page_size total=page.total href max_pages=RECORD_PAGES/>
    }
}
