//! `/partner/consumption`: the summary by customer, product or month, with its totals.

use super::{figure_cells, figure_headers, filter_of, query_of, service_name, AsOf, FilterForm};
use crate::consumption::{consumption_summary, ConsumptionFilter, Grouping, SummaryPage};
use crate::core::i18n::{t, use_lang, Msg};
use crate::ui::{entered_lang, Pager, QueryPage};
use leptos::prelude::*;

#[component]
pub fn ConsumptionSummaryPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::ConsumptionSummary)}</h1>
        <p class="sublinks">
            <a href="/partner/consumption/dashboard">{t(Msg::ConsumptionDashboard)}" →"</a>" "
            <a href="/partner/consumption/records">{t(Msg::ConsumptionRecords)}" →"</a>
        </p>
        <QueryPage
            from_query=filter_of
            load=consumption_summary
            render=|page, filter| view! { <Summary page filter/> }.into_any()
        />
    }
}

#[component]
fn Summary(page: SummaryPage, filter: ConsumptionFilter) -> impl IntoView {
    let lang = use_lang();
    let group = page.group;
    let groups = Grouping::ALL
        .iter()
        .map(|g| {
            let selected = *g == group;
            view! { <option value=g.code() selected=selected>{g.label().text(lang)}</option> }
        })
        .collect_view();
    let extra = view! {
        <label class="field"><span class="field-label">{t(Msg::GroupBy)}</span>
            <select name="group">{groups}</select>
        </label>
    }
    .into_any();
    let key_header = match group {
        Grouping::Customer => Msg::AccountName,
        Grouping::Product => Msg::ServiceType,
        Grouping::Month => Msg::BillingCycle,
    };
    let empty = page
        .rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let name = match group {
                Grouping::Customer => {
                    let lang_of = entered_lang(&r.label);
                    view! { <a href=format!("/partner/customers/{}", r.key) lang=lang_of>{r.label.clone()}</a> }.into_any()
                }
                Grouping::Product => view! { <span>{service_name(&r.key)}</span> }.into_any(),
                Grouping::Month => view! { <span>{r.label.clone()}</span> }.into_any(),
            };
            view! { <tr data-key=r.key.clone()><th scope="row">{name}</th>{figure_cells(&r.figures)}</tr> }
        })
        .collect_view();
    let paged = filter.clone();
    let href = move |p: u32| format!("/partner/consumption?{}", query_of(&paged, Some(p)));
    view! {
        <FilterForm action="/partner/consumption" filter=filter.clone() from=page.from.clone() to=page.to.clone()
            pick_manager=page.pick_manager managers=page.managers.clone() extra/>
        <AsOf at=page.as_of/>
        {(!page.pick_manager).then(|| view! { <crate::exports::pages::ExportButtons filter=filter.clone() summary=true/> })}
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::ConsumptionSummary)>
        <table data-testid="summary">
            <thead><tr><th scope="col">{t(key_header)}</th>{figure_headers()}</tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr data-testid="totals"><th scope="row">{t(Msg::Totals)}</th>{figure_cells(&page.totals)}</tr></tfoot>
        </table>
        </div>
        {empty}
        <p class="note">{t(Msg::TotalsReconcile)}</p>
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}
