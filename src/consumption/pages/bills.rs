//! `/account/bills`: the customer's own monthly bills (月度消费账单): its months, one month by
//! service, and that month's records.

use super::{figure_cells, figure_headers, service_name, AsOf, RecordTable};
use crate::consumption::{load_my_bills, MyBills};
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct BillsQuery {
    cycle: Option<String>,
    page: Option<u32>,
}

#[component]
pub fn MyBillsPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::MyBills)}</h1>
        <QueryPage
            from_query=|q| BillsQuery { cycle: q.get("cycle"), page: q.get("page").and_then(|p| p.parse().ok()) }
            load=|q| load_my_bills(q.cycle, q.page)
            render=|bills, _| view! { <Bills bills/> }.into_any()
        />
    }
}

#[component]
fn Bills(bills: MyBills) -> impl IntoView {
    let lang = use_lang();
    let cycle = bills.cycle.clone();
    let months = bills
        .months
        .iter()
        .map(|m| {
            let current = (m.key == cycle).then_some("page");
            view! {
                <tr>
                    <th scope="row"><a href=format!("/account/bills?cycle={}", m.key) aria-current=current>{m.label.clone()}</a></th>
                    {figure_cells(&m.figures)}
                </tr>
            }
        })
        .collect_view();
    let services = bills
        .by_service
        .iter()
        .map(|s| view! { <tr><th scope="row">{service_name(&s.key)}</th>{figure_cells(&s.figures)}</tr> })
        .collect_view();
    let heading = |msg| Text::new(msg).arg("cycle", &bills.cycle).render(lang);
    let paged = bills.cycle.clone();
    let href = move |p: u32| format!("/account/bills?cycle={paged}&page={p}");
    view! {
        <AsOf at=bills.as_of/>
        <div class="table-wrap"><table data-testid="months">
            <thead><tr><th scope="col">{t(Msg::BillingCycle)}</th>{figure_headers()}</tr></thead>
            <tbody>{months}</tbody>
        </table></div>
        <h2>{heading(Msg::ServicesOfMonth)}</h2>
        <div class="table-wrap"><table data-testid="services">
            <thead><tr><th scope="col">{t(Msg::ServiceType)}</th>{figure_headers()}</tr></thead>
            <tbody>{services}</tbody>
        </table></div>
        <h2>{heading(Msg::RecordsOfMonth)}</h2>
        <RecordTable rows=bills.records/>
        <Pager page=bills.page page_size=bills.page_size total=bills.total href max_pages=500/>
    }
}
