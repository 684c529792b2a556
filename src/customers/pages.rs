//! Sales › Customers: a GET form of filters, the table, a pager and the CSV link.

use super::{list_customers, AssignCustomerManager, CustomerFilter, CustomerPage};
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::format_local;
use crate::ui::{error_of, FormMessage, Pager, QueryPage};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn filter_of(q: &ParamsMap) -> CustomerFilter {
    CustomerFilter {
        q: q.get("q"),
        mode: q.get("mode"),
        kind: q.get("kind"),
        manager: q.get("manager"),
        from: q.get("from"),
        to: q.get("to"),
        sort: q.get("sort"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

#[component]
pub fn Customers() -> impl IntoView {
    view! {
        <h1>{t(Msg::NavCustomers)}</h1>
        <QueryPage
            from_query=filter_of
            load=list_customers
            render=|page, filter| view! { <CustomerResults page filter/> }.into_any()
        />
    }
}

/// A select of (value, label) options with one selected.
fn options(choices: Vec<(String, String)>, selected: Option<String>) -> impl IntoView {
    let selected = selected.unwrap_or_default();
    choices
        .into_iter()
        .map(|(value, label)| {
            let is = value == selected;
            view! { <option value=value selected=is>{label}</option> }
        })
        .collect_view()
}

#[component]
fn CustomerResults(page: CustomerPage, filter: CustomerFilter) -> impl IntoView {
    let lang = use_lang();
    let text = move |m: Msg| m.text(lang).to_string();
    let pair = move |v: &str, m: Msg| (v.to_string(), text(m));
    let modes = vec![
        pair("", Msg::FilterAll),
        pair("resale", Msg::ModeResale),
        pair("consulting", Msg::ModeConsulting),
    ];
    let kinds = vec![
        pair("", Msg::FilterAll),
        pair("individual", Msg::KindIndividual),
        pair("enterprise", Msg::KindEnterprise),
    ];
    let sorts = vec![
        pair("newest", Msg::SortNewest),
        pair("oldest", Msg::SortOldest),
        pair("name", Msg::SortName),
    ];
    let mut managers = vec![pair("", Msg::FilterAll)];
    managers.extend(page.managers.iter().cloned());
    let show_managers = !page.managers.is_empty();
    let export = format!(
        "/partner/customers/export.csv?{}",
        filter.query_string(None)
    );
    let href = {
        let filter = filter.clone();
        move |n: u32| format!("/partner/customers?{}", filter.query_string(Some(n)))
    };
    let empty = page.rows.is_empty();
    let can_assign = page.can_assign;
    let assign = ServerAction::<AssignCustomerManager>::new();
    let assign_error = error_of(assign);
    let rows = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let key = r.account_name.clone();
            let pick = can_assign.then(|| {
                let label = format!("{} {}", text(Msg::SelectCustomer), r.account_name);
                view! { <td><input type="checkbox" name=format!("customers[{i}]") value=r.id.clone() aria-label=label/></td> }
            });
            view! {
                <tr data-customer=key>
                    {pick}
                    <td>{r.account_name}<br/><code>{r.id}</code></td>
                    <td>{r.display_name}</td>
                    <td class="kind">{text(if r.enterprise { Msg::KindEnterprise } else { Msg::KindIndividual })}</td>
                    <td>{text(if r.resale { Msg::ModeResale } else { Msg::ModeConsulting })}</td>
                    <td>{format_local(r.associated_at)}</td>
                    <td class="manager">{r.manager.unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/partner/customers" class="filters">
            <label class="field"><span class="field-label">{t(Msg::SearchCustomer)}</span>
                <input type="search" name="q" value=filter.q.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AssociationMode)}</span>
                <select name="mode">{options(modes, filter.mode.clone())}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::CustomerKind)}</span>
                <select name="kind">{options(kinds, filter.kind.clone())}</select>
            </label>
            {show_managers.then(|| view! {
                <label class="field"><span class="field-label">{t(Msg::RoleCustomerManager)}</span>
                    <select name="manager">{options(managers, filter.manager.clone())}</select>
                </label>
            })}
            <label class="field"><span class="field-label">{t(Msg::AssociatedFrom)}</span>
                <input type="date" name="from" value=filter.from.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AssociatedTo)}</span>
                <input type="date" name="to" value=filter.to.clone()/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::SortBy)}</span>
                <select name="sort">{options(sorts, filter.sort.clone())}</select>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
            <a class="button-secondary" href=export rel="external" download="customers.csv">{t(Msg::ExportCsv)}</a>
        </form>
        <ActionForm action=assign attr:class="form">
        <FormMessage error=assign_error/>
        {can_assign.then(|| {
            let mut targets = vec![pair("", Msg::Unassigned)];
            targets.extend(page.managers.iter().cloned());
            view! {
                <div class="filters">
                    <label class="field"><span class="field-label">{t(Msg::AssignTo)}</span>
                        <select name="manager">{options(targets, None)}</select>
                    </label>
                    <button type="submit">{t(Msg::Assign)}</button>
                </div>
            }
        })}
        <div class="table-wrap">
            <table data-testid="customer-table">
                <thead><tr>
                    {can_assign.then(|| view! { <th>{t(Msg::SelectCustomer)}</th> })}
                    <th>{t(Msg::AccountName)}</th><th>{t(Msg::DisplayName)}</th><th>{t(Msg::CustomerKind)}</th>
                    <th>{t(Msg::AssociationMode)}</th><th>{t(Msg::AssociatedSince)}</th><th>{t(Msg::RoleCustomerManager)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        </ActionForm>
        {empty.then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> })}
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}
