//! `/partner/consumption/dashboard`: the dashboard (消费看板), its charts drawn on the server.

use super::{filter_of, service_name, AsOf, FilterForm};
use crate::consumption::{consumption_dashboard, ConsumptionFilter, Dashboard, SummaryRow};
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::ui::chart::{Bar, BarChart};
use crate::ui::QueryPage;
use leptos::prelude::*;

#[component]
pub fn ConsumptionDashboardPage() -> impl IntoView {
    view! {
        <p><a href="/partner/consumption">"← "{t(Msg::ConsumptionSummary)}</a></p>
        <h1>{t(Msg::ConsumptionDashboard)}</h1>
        <QueryPage
            from_query=filter_of
            load=consumption_dashboard
            render=|board, filter| view! { <Board board filter/> }.into_any()
        />
    }
}

fn bars(rows: &[SummaryRow], label: impl Fn(&SummaryRow) -> String) -> Vec<Bar> {
    rows.iter()
        .map(|r| Bar {
            label: label(r),
            value: r.figures.due(),
        })
        .collect()
}

#[component]
fn Board(board: Dashboard, filter: ConsumptionFilter) -> impl IntoView {
    let lang = use_lang();
    let change = match board.change {
        Some(c) => Text::new(Msg::MonthOverMonth)
            .arg(
                "change",
                format!(
                    "{}{c}",
                    if c.is_sign_positive() && !c.is_zero() {
                        "+"
                    } else {
                        ""
                    }
                ),
            )
            .render(lang),
        None => Msg::MonthOverMonthNone.text(lang).to_string(),
    };
    let months = bars(&board.months, |r| r.label.clone());
    let customers = bars(&board.top_customers, |r| r.label.clone());
    let products = bars(&board.products, |r| service_name(&r.key));
    view! {
        <FilterForm action="/partner/consumption/dashboard" filter=filter.clone() from=board.from.clone()
            to=board.to.clone() pick_manager=board.pick_manager managers=board.managers.clone()/>
        <AsOf at=board.as_of/>
        <div class="figures" data-testid="dashboard-figures">
            <div class="figure"><span class="figure-label">{t(Msg::DueAmount)}</span>
                <span class="figure-value" data-testid="due-total">{format_yuan(board.totals.due())}</span></div>
            <div class="figure"><span class="figure-label">{t(Msg::CustomersWithSpend)}</span>
                <span class="figure-value">{board.customers}</span></div>
            <div class="figure"><span class="figure-label">{Text::new(Msg::SpendIn).arg("cycle", &board.to).render(lang)}</span>
                <span class="figure-value">{format_yuan(board.this_month)}</span>
                <small data-testid="month-over-month">{change}</small></div>
        </div>
        <BarChart title=Msg::TrendByMonth label_header=Msg::BillingCycle bars=months testid="chart-months"/>
        <BarChart title=Msg::TopCustomers label_header=Msg::AccountName bars=customers testid="chart-customers"/>
        <BarChart title=Msg::SpendByProduct label_header=Msg::ServiceType bars=products testid="chart-products"/>
    }
}
