//! Sales › Customers: a GET form of filters, the table, a pager and the CSV link.

use super::{
    customer_detail, list_customers, AssignCustomerManager, CustomerFilter, CustomerPage,
    CustomerProfile, PageAt, COUNT_CAP,
};
use crate::association::pages::{answer_disassociation_buttons, withdraw_disassociation_button};
use crate::association::{PartnerAnswerDisassociation, PartnerRequestDisassociation};
use crate::authorizations::pages::{scope_list, status_badge};
use crate::authorizations::rules::Scope;
use crate::authorizations::RequestAuthorization;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::format_local;
use crate::knowledge::pages::KnowledgeList;
use crate::ui::{entered_lang, ErrorPage};
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
                    <td><a href=format!("/partner/customers/{}", r.id)>{r.account_name}</a><br/><code>{r.id}</code></td>
                    <td lang=entered_lang(&r.display_name)>{r.display_name.clone()}</td>
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
        <CursorPager total=page.total cap=COUNT_CAP first previous next last/>
    }
}

/// `/partner/customers/{id}`: the customer overview, with the authorization and disassociation
/// actions the caller may take.
#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let authorize = ServerAction::<RequestAuthorization>::new();
    let part = ServerAction::<PartnerRequestDisassociation>::new();
    let answer = ServerAction::<PartnerAnswerDisassociation>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                authorize.version().get(),
                part.version().get(),
                answer.version().get(),
            )
        },
        |(id, ..)| customer_detail(id),
    );
    view! {
        <p><a href="/partner/customers">"← "{t(Msg::NavCustomers)}</a></p>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(d) => view! { <CustomerOverview d authorize part answer/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CustomerOverview(
    d: CustomerProfile,
    authorize: ServerAction<RequestAuthorization>,
    part: ServerAction<PartnerRequestDisassociation>,
    answer: ServerAction<PartnerAnswerDisassociation>,
) -> impl IntoView {
    let lang = use_lang();
    let authorize_error = error_of(authorize);
    let part_error = Signal::derive(move || error_of(part).get().or(error_of(answer).get()));
    let field_error = move |field: &'static str| {
        move || {
            authorize_error
                .get()
                .and_then(|e| e.field_message(field, lang))
                .map(|m| view! { <span class="field-error">{m}</span> })
        }
    };
    let default_end = d.suggested_end.clone();
    let notice = if d.signed_latest_notice {
        Msg::NoticeSigned
    } else {
        Msg::NoticeNotSigned
    };
    let auth_rows = d
        .authorizations
        .iter()
        .map(|a| view! {
            <tr>
                <td>{scope_list(&a.scopes)}</td>
                <td>{status_badge(a.status)}</td>
                <td>{crate::core::time::format_local_date(a.ends_at - chrono::Duration::seconds(1))}</td>
                <td>{format_local(a.requested_at)}" · "{a.requested_by.clone()}</td>
            </tr>
        })
        .collect_view();
    let no_auth = d
        .authorizations
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoAuthorizations)}</p> });
    let authorize_form = d.can_authorize.then(|| {
        let id = d.id.clone();
        view! {
            <details class="panel" open=move || authorize_error.get().is_some()>
                <summary>{t(Msg::RequestAuthorization)}</summary>
                <ActionForm action=authorize attr:class="form">
                    <FormMessage error=authorize_error/>
                    <input type="hidden" name="customer" value=id/>
                    <fieldset class="checks">
                        <legend>{t(Msg::Scopes)}</legend>
                        {Scope::ALL.iter().enumerate().map(|(i, s)| view! {
                            <label class="check">
                                <input type="checkbox" name=format!("scopes[{i}]") value=s.code()/>
                                <span>{t(s.label())}</span>
                            </label>
                        }).collect_view()}
                        {field_error("scopes")}
                    </fieldset>
                    <label class="field">
                        <span class="field-label">{t(Msg::EndsOn)}</span>
                        <input type="date" name="ends_on" value=default_end required=true/>
                        {field_error("ends_on")}
                    </label>
                    <button type="submit" class="primary">{t(Msg::SendRequest)}</button>
                </ActionForm>
            </details>
        }
    });
    let disassociation = match (d.pending_disassociation.clone(), d.can_disassociate) {
        (Some(p), true) if !p.by_partner => Some(
            view! {
                <div class="panel prompt" data-testid="customer-wants-to-leave">
                    <p>{t(Msg::CustomerAsksToLeave)}" ("{format_local(p.requested_at)}")"</p>
                    {answer_disassociation_buttons!(answer, p.id)}
                </div>
            }
            .into_any(),
        ),
        (Some(p), can) => {
            let withdraw =
                (can && p.by_partner).then(|| withdraw_disassociation_button!(answer, p.id));
            Some(view! {
                <p class="note" data-testid="disassociation-pending">
                    {t(if p.by_partner { Msg::WaitingForCustomer } else { Msg::CustomerAsksToLeave })}
                    " ("{format_local(p.requested_at)}")"
                </p>
                {withdraw}
            }.into_any())
        }
        (None, true) => {
            let id = d.id.clone();
            Some(view! {
                <ActionForm action=part attr:class="inline">
                    <input type="hidden" name="customer" value=id/>
                    <button type="submit" class="danger">{t(Msg::RequestDisassociation)}</button>
                </ActionForm>
            }.into_any())
        }
        (None, false) => None,
    };
    let knowledge = match d.knowledge {
        Some(items) => view! { <KnowledgeList items/> }.into_any(),
        None => {
            view! { <p class="note" data-testid="knowledge-hidden">{t(Msg::KnowledgeHidden)}</p> }
                .into_any()
        }
    };
    view! {
        <h1><span lang=entered_lang(&d.display_name)>{d.display_name.clone()}</span>" "<small>{d.account_name.clone()}</small></h1>
        <dl class="facts" data-testid="customer-overview">
            <dt>{t(Msg::CustomerId)}</dt><dd><code>{d.id.clone()}</code></dd>
            <dt>{t(Msg::CustomerKind)}</dt><dd>{t(if d.enterprise { Msg::KindEnterprise } else { Msg::KindIndividual })}</dd>
            <dt>{t(Msg::RegisteredAt)}</dt><dd>{format_local(d.registered_at)}</dd>
            <dt>{t(Msg::AssociationMode)}</dt><dd>{t(if d.resale { Msg::ModeResale } else { Msg::ModeConsulting })}</dd>
            <dt>{t(Msg::AssociatedSince)}</dt><dd>{format_local(d.associated_at)}</dd>
            {d.reseller.clone().map(|r| view! { <dt>{t(Msg::ResellerCustomers)}</dt><dd>{r}</dd> })}
            <dt>{t(Msg::RoleCustomerManager)}</dt>
            <dd>{d.manager.clone().unwrap_or_else(|| "—".into())}
                {d.manager_assigned_at.map(|at| format!(" ({})", format_local(at)))}</dd>
            <dt>{t(Msg::AgreementState)}</dt><dd data-testid="notice-state">{t(notice)}</dd>
        </dl>
        <h2>{t(Msg::NavAuthorizations)}</h2>
        <div class="table-wrap"><table data-testid="partner-authorizations">
            <thead><tr><th>{t(Msg::Scopes)}</th><th>{t(Msg::Status)}</th><th>{t(Msg::EndsOn)}</th><th>{t(Msg::RequestedAt)}</th></tr></thead>
            <tbody>{auth_rows}</tbody>
        </table></div>
        {no_auth}
        {authorize_form}
        <h2>{t(Msg::Disassociation)}</h2>
        <FormMessage error=part_error/>
        {disassociation}
        <h2>{t(Msg::KnowledgeTitle)}</h2>
        {knowledge}
    }
}
