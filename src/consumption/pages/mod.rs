//! Consumption pages: the partner's summary and records (one filter form, in the URL's query),
//! the customer's monthly bills and the operator's import. Every figure is shown with the time
//! its data was loaded ("data as of").

mod bills;
mod dashboard;
mod import;
mod records;
mod summary;

pub use bills::MyBillsPage;
pub use dashboard::ConsumptionDashboardPage;
pub use import::ImportPage;
pub use records::ConsumptionRecordsPage;
pub use summary::ConsumptionSummaryPage;

use super::{service_label, ChargeMode, Choice, ConsumptionFilter, Figures, SERVICE_TYPES};
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::ui::money::query_string;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn filter_of(q: &ParamsMap) -> ConsumptionFilter {
    ConsumptionFilter {
        from: q.get("from"),
        to: q.get("to"),
        customer: q.get("customer"),
        manager: q.get("manager"),
        mode: q.get("mode"),
        service_type: q.get("service_type"),
        charge_mode: q.get("charge_mode"),
        show_zero: q.get("show_zero"),
        group: q.get("group"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

/// The filter as a query string (with another page, or none).
fn query_of(f: &ConsumptionFilter, page: Option<u32>) -> String {
    let page = page.map(|p| p.to_string());
    query_string(&[
        ("from", f.from.as_deref()),
        ("to", f.to.as_deref()),
        ("customer", f.customer.as_deref()),
        ("manager", f.manager.as_deref()),
        ("mode", f.mode.as_deref()),
        ("service_type", f.service_type.as_deref()),
        ("charge_mode", f.charge_mode.as_deref()),
        ("show_zero", f.show_zero.as_deref()),
        ("group", f.group.as_deref()),
        ("page", page.as_deref()),
    ])
}

/// `<option>`s from (value, label) pairs, "All" first, `current` selected.
fn options(current: Option<&str>, choices: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let current = current.unwrap_or_default().to_string();
    std::iter::once((String::new(), Msg::FilterAll.text(lang).to_string()))
        .chain(choices)
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}

/// The filter form both the summary and the records pages show, posting (GET) to `action`.
#[component]
fn FilterForm(
    action: &'static str,
    filter: ConsumptionFilter,
    from: String,
    to: String,
    managers: Vec<Choice>,
    /// The supervisor has yet to pick a manager: the field says so.
    #[prop(optional)]
    pick_manager: bool,
    #[prop(optional)] extra: Option<AnyView>,
) -> impl IntoView {
    let lang = use_lang();
    let services = SERVICE_TYPES
        .iter()
        .map(|(code, label)| (code.to_string(), label.text(lang).to_string()))
        .collect();
    let modes = vec![
        (
            "consulting".to_string(),
            Msg::ModeConsulting.text(lang).to_string(),
        ),
        ("resale".to_string(), Msg::ModeResale.text(lang).to_string()),
    ];
    let charge_modes = ChargeMode::ALL
        .iter()
        .map(|m| (m.code().to_string(), m.label().text(lang).to_string()))
        .collect();
    let manager = (!managers.is_empty()).then(|| {
        let choices = managers.into_iter().map(|c| (c.value, c.label)).collect();
        let note = pick_manager.then(|| {
            view! { <span class="field-error" id="manager-error" role="alert">{t(Msg::ErrPickManager)}</span> }
        });
        view! {
            <label class="field"><span class="field-label">{t(Msg::CustomerManager)}</span>
                <select name="manager" required=true aria-invalid=pick_manager.then_some("true")
                    aria-describedby=pick_manager.then_some("manager-error")>
                    {options(filter.manager.as_deref(), choices)}
                </select>
                {note}
            </label>
        }
    });
    let show_zero = filter.show_zero.as_deref() == Some("1");
    view! {
        <form method="get" action=action class="filters">
            <label class="field"><span class="field-label">{t(Msg::CycleFrom)}</span>
                <input type="month" name="from" value=from min="2000-01" max="2100-12"/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CycleTo)}</span>
                <input type="month" name="to" value=to min="2000-01" max="2100-12"/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CustomerOrId)}</span>
                <input type="search" name="customer" maxlength="64" value=filter.customer.clone()/>
            </label>
            {manager}
            <label class="field"><span class="field-label">{t(Msg::AssociationMode)}</span>
                <select name="mode">{options(filter.mode.as_deref(), modes)}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::ServiceType)}</span>
                <select name="service_type">{options(filter.service_type.as_deref(), services)}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::ChargeMode)}</span>
                <select name="charge_mode">{options(filter.charge_mode.as_deref(), charge_modes)}</select>
            </label>
            {extra}
            <label class="check"><input type="checkbox" name="show_zero" value="1" checked=show_zero/>
                {t(Msg::ShowZeroSpend)}
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
        </form>
    }
}

/// "Data as of …" (Beijing time), or that nothing is loaded yet.
#[component]
pub(crate) fn AsOf(at: Option<DateTime<Utc>>) -> impl IntoView {
    let lang = use_lang();
    let text = match at {
        Some(at) => Text::new(Msg::DataAsOfAt)
            .arg("at", format_local(at))
            .render(lang),
        None => Msg::NoDataYet.text(lang).to_string(),
    };
    view! { <p class="as-of">{text}</p> }
}

/// The amount columns' headers, in the order [`figure_cells`] fills them.
pub(crate) fn figure_headers() -> impl IntoView {
    view! {
        <th scope="col" class="num">{t(Msg::RecordCount)}</th>
        <th scope="col" class="num">{t(Msg::ListAmount)}</th>
        <th scope="col" class="num">{t(Msg::DiscountAmount)}</th>
        <th scope="col" class="num">{t(Msg::DueAmount)}</th>
        <th scope="col" class="num">{t(Msg::CouponAmount)}</th>
        <th scope="col" class="num">{t(Msg::CashAmount)}</th>
        <th scope="col" class="num">{t(Msg::DebtAmount)}</th>
    }
}

pub(crate) fn figure_cells(f: &Figures) -> impl IntoView {
    view! {
        <td class="num">{f.records}</td>
        <td class="num">{format_yuan(f.list)}</td>
        <td class="num">{format_yuan(f.discount)}</td>
        <td class="num">{format_yuan(f.due())}</td>
        <td class="num">{format_yuan(f.coupon)}</td>
        <td class="num">{format_yuan(f.cash)}</td>
        <td class="num">{format_yuan(f.debt)}</td>
    }
}

/// A service type's label in the page's language (its code when it is not one of ours).
pub(crate) fn service_name(code: &str) -> String {
    service_label(code).map_or_else(|| code.to_string(), |m| m.text(use_lang()).to_string())
}

/// The records table, shared by the partner's records page and the customer's bills.
#[component]
fn RecordTable(
    rows: Vec<super::RecordRow>,
    #[prop(optional)] with_customer: bool,
) -> impl IntoView {
    let lang = use_lang();
    let rows = rows
        .into_iter()
        .map(|r| {
            let charge = ChargeMode::from_code(i64::from(r.charge_mode))
                .map_or_else(String::new, |m| m.label().text(lang).to_string());
            let customer = with_customer.then(|| {
                view! { <td><a href=format!("/partner/customers/{}", r.customer_id)>{r.customer_name.clone()}</a></td> }
            });
            view! {
                <tr>
                    <td><code>{r.record_id.clone()}</code></td>
                    <td>{format_local(r.trade_time)}</td>
                    {customer}
                    <td>{service_name(&r.service_type)}</td>
                    <td><code>{r.resource_id.clone()}</code></td>
                    <td>{r.region.clone()}</td>
                    <td>{charge}</td>
                    <td class="num">{format!("{} {}", r.usage.normalize(), r.usage_unit)}</td>
                    <td class="num">{format_yuan(r.list)}</td>
                    <td class="num">{format_yuan(r.discount)}</td>
                    <td class="num">{format_yuan(r.coupon)}</td>
                    <td class="num">{format_yuan(r.cash)}</td>
                    <td class="num">{format_yuan(r.debt)}</td>
                </tr>
            }
        })
        .collect_view();
    let customer_header =
        with_customer.then(|| view! { <th scope="col">{t(Msg::AccountName)}</th> });
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::ConsumptionRecords)>
        <table data-testid="records">
            <thead><tr>
                <th scope="col">{t(Msg::RecordId)}</th>
                <th scope="col">{t(Msg::TradeTime)}</th>
                {customer_header}
                <th scope="col">{t(Msg::ServiceType)}</th>
                <th scope="col">{t(Msg::Resource)}</th>
                <th scope="col">{t(Msg::Region)}</th>
                <th scope="col">{t(Msg::ChargeMode)}</th>
                <th scope="col" class="num">{t(Msg::Usage)}</th>
                <th scope="col" class="num">{t(Msg::ListAmount)}</th>
                <th scope="col" class="num">{t(Msg::DiscountAmount)}</th>
                <th scope="col" class="num">{t(Msg::CouponAmount)}</th>
                <th scope="col" class="num">{t(Msg::CashAmount)}</th>
                <th scope="col" class="num">{t(Msg::DebtAmount)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
