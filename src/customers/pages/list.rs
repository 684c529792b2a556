//! Sales › Customers: a GET form of filters, the table, a pager and the CSV link; the chosen
//! customers go to a customer manager, or on to a batch of funds or coupons.

use crate::core::i18n::{t, use_lang, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::customers::{
    list_customers, AssignCustomerManager, CustomerFilter, CustomerPage, PageAt, COUNT_CAP,
};
use crate::ui::entered_lang;
use crate::ui::money::GetButton;
use crate::ui::{error_of, CursorPager, FormMessage, QueryPage};
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
        indirect: q.get("indirect"),
        after: q.get("after"),
        before: q.get("before"),
        last: q.get("last"),
    }
}

#[component]
pub fn Customers() -> impl IntoView {
    // Above the list, which loads again after each assignment (with JavaScript; without, the
    // page reloads).
    let assign = ServerAction::<AssignCustomerManager>::new();
    provide_context(assign);
    view! {
        <h1>{t(Msg::NavCustomers)}</h1>
        <QueryPage
            from_query=filter_of
            load=list_customers
            render=|page, filter| view! { <CustomerResults page filter/> }.into_any()
            refresh=assign.version()
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
    let export = format!("/partner/customers/export.csv?{}", filter.query_string());
    let href =
        |at: Option<(PageAt, &str)>| format!("/partner/customers?{}", filter.query_string_at(at));
    let first = page.before.as_ref().map(|_| href(None));
    let previous = page
        .before
        .as_deref()
        .map(|c| href(Some((PageAt::Before, c))));
    let next = page
        .after
        .as_deref()
        .map(|c| href(Some((PageAt::After, c))));
    let last = page.after.as_ref().map(|_| href(Some((PageAt::Last, "1"))));
    let empty = page.rows.is_empty();
    let can_assign = page.can_assign;
    let can_batch = page.can_allocate || page.can_reclaim || page.can_issue;
    let can_pick = can_assign || can_batch;
    let show_balance = page.rows.iter().any(|r| r.balance.is_some());
    let assign = expect_context::<ServerAction<AssignCustomerManager>>();
    let assign_error = error_of(assign);
    let rows = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let key = r.account_name.clone();
            let balance = show_balance
                .then(|| view! { <td class="num balance">{r.balance.map(format_yuan)}</td> });
            let pick = can_pick.then(|| {
                let label = format!("{} {}", text(Msg::SelectCustomer), r.account_name);
                view! { <td><input type="checkbox" name=format!("customers[{i}]") value=r.id.clone() aria-label=label/></td> }
            });
            view! {
                <tr data-customer=key>
                    {pick}
                    <td><a href=format!("/partner/customers/{}", r.id)>{r.account_name}</a><br/><code>{r.id}</code></td>
                    <td lang=entered_lang(&r.display_name)>{r.display_name.clone()}</td>
                    <td class="kind">{text(if r.enterprise { Msg::KindEnterprise } else { Msg::KindIndividual })}</td>
                    <td>{text(if r.resale { Msg::ModeResale } else { Msg::ModeConsulting })}</td>
                    <td>{format_local(r.associated_at)}</td>
                    <td class="manager">{r.manager.unwrap_or_else(|| "—".into())}</td>
                    {balance}
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
            {(!page.resellers.is_empty()).then(|| {
                let mut choices = vec![pair("", Msg::OwnCustomers)];
                choices.extend(page.resellers.iter().cloned());
                view! {
                    <label class="field"><span class="field-label">{t(Msg::ResellerCustomers)}</span>
                        <select name="indirect">{options(choices, filter.indirect.clone())}</select>
                    </label>
                }
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
            <crate::ui::chrome::CsvExportLinks href=export file="customers.csv"/>
        </form>
        // The checkboxes belong to the assign form; the batch buttons take them to a preview page
        // instead (a GET navigation, with or without JavaScript).
        <ActionForm action=assign attr:class="form">
        <FormMessage error=assign_error/>
        {can_pick.then(|| {
            let mut targets = vec![pair("", Msg::Unassigned)];
            targets.extend(page.managers.iter().cloned());
            let assign = can_assign.then(|| view! {
                <label class="field"><span class="field-label">{t(Msg::AssignTo)}</span>
                    <select name="manager">{options(targets, None)}</select>
                </label>
                <button type="submit">{t(Msg::Assign)}</button>
            });
            view! {
                <div class="filters" data-testid="customer-actions">
                    {assign}
                    {page.can_allocate.then(|| view! {
                        <GetButton action="/partner/funds/batch" name="direction" value="allocate" skip=&["manager"]>{t(Msg::BatchAllocate)}</GetButton>
                    })}
                    {page.can_reclaim.then(|| view! {
                        <GetButton action="/partner/funds/batch" name="direction" value="reclaim" skip=&["manager"]>{t(Msg::BatchReclaim)}</GetButton>
                    })}
                    {page.can_issue.then(|| view! {
                        <GetButton action="/partner/coupons/issue" skip=&["manager"]>{t(Msg::BatchIssue)}</GetButton>
                    })}
                </div>
            }
        })}
        <div class="table-wrap">
            <table data-testid="customer-table">
                <thead><tr>
                    {can_pick.then(|| view! { <th>{t(Msg::SelectCustomer)}</th> })}
                    <th>{t(Msg::AccountName)}</th><th>{t(Msg::DisplayName)}</th><th>{t(Msg::CustomerKind)}</th>
                    <th>{t(Msg::AssociationMode)}</th><th>{t(Msg::AssociatedSince)}</th><th>{t(Msg::RoleCustomerManager)}</th>
                    {show_balance.then(|| view! { <th class="num">{t(Msg::Balance)}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        </ActionForm>
        {empty.then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> })}
        <CursorPager total=page.total cap=COUNT_CAP first previous next last/>
    }
}
