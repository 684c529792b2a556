//! `/partner/bills`: the partner bill (伙伴账单) of a month by customer or by product, stored once
//! made (an estimate until then), with the line that reconciles it with the month's records.

use super::{load_partner_bill, PartnerBill};
use crate::consumption::pages::{figure_cells, figure_headers, service_name, AsOf};
use crate::consumption::Grouping;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::ui::{entered_lang, Pager, QueryPage};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct BillQuery {
    cycle: Option<String>,
    by: Option<String>,
    page: Option<u32>,
}

#[component]
pub fn PartnerBillPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::PartnerBill)}</h1>
        <QueryPage
            from_query=|q| BillQuery { cycle: q.get("cycle"), by: q.get("by"), page: q.get("page").and_then(|p| p.parse().ok()) }
            load=|q| load_partner_bill(q.cycle, q.by, q.page)
            render=|bill, _| view! { <Bill bill/> }.into_any()
        />
    }
}

#[component]
fn Bill(bill: PartnerBill) -> impl IntoView {
    let lang = use_lang();
    let months = bill
        .months
        .iter()
        .map(|m| {
            let selected = m.cycle == bill.cycle;
            let label = if m.billed {
                m.cycle.clone()
            } else {
                format!("{} ({})", m.cycle, Msg::Estimate.text(lang))
            };
            view! { <option value=m.cycle.clone() selected=selected>{label}</option> }
        })
        .collect_view();
    let groupings = [Grouping::Customer, Grouping::Product]
        .into_iter()
        .map(|g| {
            let selected = g == bill.by;
            view! { <option value=g.code() selected=selected>{g.label().text(lang)}</option> }
        })
        .collect_view();
    let status = match bill.made_at {
        Some(at) => Text::new(Msg::BillMadeAt)
            .arg("at", format_local(at))
            .render(lang),
        None => Msg::BillEstimate.text(lang).to_string(),
    };
    let reconciled = Text::new(if bill.totals.due() == bill.records_due {
        Msg::BillReconciles
    } else {
        Msg::BillMismatch
    })
    .arg("amount", format_yuan(bill.records_due))
    .render(lang);
    let by = bill.by;
    let rows = bill
        .rows
        .iter()
        .map(|r| {
            let name = match by {
                Grouping::Product => view! { <span>{service_name(&r.key)}</span> }.into_any(),
                _ => view! { <a href=format!("/partner/customers/{}", r.key) lang=entered_lang(&r.label)>{r.label.clone()}</a> }.into_any(),
            };
            view! { <tr><th scope="row">{name}</th>{figure_cells(&r.figures)}</tr> }
        })
        .collect_view();
    let key_header = if by == Grouping::Product {
        Msg::ServiceType
    } else {
        Msg::AccountName
    };
    let (cycle, by_code) = (bill.cycle.clone(), by.code());
    let href = move |p: u32| format!("/partner/bills?cycle={cycle}&by={by_code}&page={p}");
    view! {
        <form method="get" action="/partner/bills" class="filters">
            <label class="field"><span class="field-label">{t(Msg::BillingCycle)}</span>
                <select name="cycle">{months}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::GroupBy)}</span>
                <select name="by">{groupings}</select>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
        </form>
        <p data-testid="bill-status">{status}</p>
        <AsOf at=bill.as_of/>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::PartnerBill)>
        <table data-testid="bill">
            <thead><tr><th scope="col">{t(key_header)}</th>{figure_headers()}</tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr data-testid="totals"><th scope="row">{t(Msg::Totals)}</th>{figure_cells(&bill.totals)}</tr></tfoot>
        </table>
        </div>
        <p class="note" data-testid="reconciliation">{reconciled}</p>
        <Pager page=bill.page page_size=bill.page_size total=bill.total href/>
    }
}
