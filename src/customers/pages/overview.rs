//! `/partner/customers/{id}`: the customer overview.

use crate::association::pages::{answer_disassociation_buttons, withdraw_disassociation_button};
use crate::association::{PartnerAnswerDisassociation, PartnerRequestDisassociation};
use crate::authorizations::pages::{scope_list, status_badge};
use crate::authorizations::rules::Scope;
use crate::authorizations::RequestAuthorization;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::format_local;
use crate::customers::{customer_detail, CustomerProfile};
use crate::funds::pages::CustomerFunds;
use crate::funds::MoveCustomerFunds;
use crate::knowledge::pages::KnowledgeList;
use crate::ui::{entered_lang, error_of, ErrorPage, FormMessage};
use leptos::prelude::*;

/// `/partner/customers/{id}`: the customer overview, with the authorization and disassociation
/// actions the caller may take.
#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let authorize = ServerAction::<RequestAuthorization>::new();
    let part = ServerAction::<PartnerRequestDisassociation>::new();
    let answer = ServerAction::<PartnerAnswerDisassociation>::new();
    let move_funds = ServerAction::<MoveCustomerFunds>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                authorize.version().get(),
                part.version().get(),
                answer.version().get(),
                move_funds.version().get(),
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
                    Ok(d) => view! { <CustomerOverview d authorize part answer move_funds/> }.into_any(),
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
    move_funds: ServerAction<MoveCustomerFunds>,
) -> impl IntoView {
    let lang = use_lang();
    let funds = d.funds.clone().map(|account| {
        view! {
            <CustomerFunds customer=d.id.clone() account action=move_funds
                can_allocate=d.can_allocate can_reclaim=d.can_reclaim/>
        }
    });
    let coupons = d.can_see_coupons.then(|| {
        view! {
            <p><a href=format!("/partner/coupons/issued?customer={}", d.id)>{t(Msg::CustomerCoupons)}</a></p>
        }
    });
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
        {funds}
        {coupons}
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
