//! Account Centre pages: home and My Partners.

use super::{my_account, AccountOverview, PartnerLink};
use crate::association::pages::{answer_disassociation_buttons, withdraw_disassociation_button};
use crate::association::{AnswerDisassociation, RequestDisassociation};
use crate::authorizations::pages::ActivityTable;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::time::{format_local, format_local_date};
use crate::ui::{entered_lang, error_of, ErrorPage, FormMessage};
use leptos::prelude::*;

fn mode_label(link: &PartnerLink) -> Msg {
    if link.resale {
        Msg::ModeResale
    } else {
        Msg::ModeConsulting
    }
}

/// Loads the overview and renders `body` with it.
#[component]
fn WithAccount(
    body: fn(AccountOverview) -> AnyView,
    /// Reloads the account when it changes (after an action on the page).
    #[prop(optional, into)]
    refresh: Option<Signal<usize>>,
) -> impl IntoView {
    let account = Resource::new(move || refresh.map(|r| r.get()), |_| my_account());
    view! {
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => body(a),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CurrentPartner(partner: Option<PartnerLink>) -> impl IntoView {
    match partner {
        None => {
            view! { <p class="empty" data-testid="no-partner">{t(Msg::NoPartner)}</p> }.into_any()
        }
        Some(p) => view! {
            <dl class="facts" data-testid="current-partner">
                <dt>{t(Msg::PartnerName)}</dt><dd lang=entered_lang(&p.partner_name)>{p.partner_name.clone()}</dd>
                <dt>{t(Msg::AssociationMode)}</dt><dd>{t(mode_label(&p))}</dd>
                <dt>{t(Msg::AssociatedSince)}</dt><dd>{format_local(p.since)}</dd>
            </dl>
        }
        .into_any(),
    }
}

/// "A new version of the notice waits: sign now" (立即签署).
fn sign_prompt(must_sign: bool) -> Option<impl IntoView> {
    must_sign.then(|| {
        view! {
            <div class="panel prompt" data-testid="notice-prompt">
                <p>{t(Msg::NewNoticeToSign)}</p>
                <a class="button" href="/account/agreements">{t(Msg::SignNow)}</a>
            </div>
        }
    })
}

#[component]
pub fn AccountHome() -> impl IntoView {
    view! {
        <WithAccount body=|a| view! {
            <h1>{t(Msg::CustomerHomeTitle)}</h1>
            {sign_prompt(a.must_sign_notice)}
            <dl class="facts">
                <dt>{t(Msg::AccountName)}</dt><dd>{a.account_name.clone()}</dd>
                <dt>{t(Msg::DisplayName)}</dt><dd lang=entered_lang(&a.display_name)>{a.display_name.clone()}</dd>
                <dt>{t(Msg::CustomerKind)}</dt>
                <dd>{t(if a.enterprise { Msg::KindEnterprise } else { Msg::KindIndividual })}</dd>
                <dt>{t(Msg::RegisteredAt)}</dt><dd>{format_local(a.registered_at)}</dd>
            </dl>
            <h2>{t(Msg::NavMyPartners)}</h2>
            <CurrentPartner partner=a.partner.clone()/>
            <h2>{t(Msg::AccountActivity)}</h2>
            <ActivityTable rows=a.activity.clone()/>
        }.into_any()/>
    }
}

/// Leaving the partner: file a request (once per 3 months), or answer the partner's.
#[component]
fn Disassociation(account: AccountOverview) -> impl IntoView {
    let DisassociationActions { request, answer } = expect_context();
    let error = Signal::derive(move || error_of(request).get().or(error_of(answer).get()));
    let body = match (&account.partner, account.pending.clone(), account.next_request_at) {
        (None, ..) => return None,
        (Some(_), Some(p), _) if p.by_partner => {
            view! {
            <div class="panel prompt" data-testid="partner-wants-to-part">
                <p>{t(Msg::PartnerAsksToPart)}" ("{format_local(p.requested_at)}")"</p>
                {answer_disassociation_buttons!(answer, p.id)}
            </div>
            }
            .into_any()
        }
        (Some(_), Some(p), _) => view! {
            <p class="note" data-testid="disassociation-pending">{t(Msg::WaitingForPartner)}" ("{format_local(p.requested_at)}")"</p>
            {withdraw_disassociation_button!(answer, p.id)}
        }
        .into_any(),
        (Some(_), None, Some(next)) => view! {
            <p class="note" data-testid="disassociation-later">
                {Text::new(Msg::ErrDisassociationTooSoon).arg("date", format_local_date(next)).render(use_lang())}
            </p>
        }
        .into_any(),
        (Some(_), None, None) => view! {
            <p class="note">{t(Msg::DisassociationRule)}</p>
            <ActionForm action=request attr:class="inline">
                <button type="submit" class="danger">{t(Msg::RequestDisassociation)}</button>
            </ActionForm>
        }
        .into_any(),
    };
    Some(view! {
        <h2>{t(Msg::Disassociation)}</h2>
        <FormMessage error/>
        {body}
    })
}

#[derive(Clone, Copy)]
struct DisassociationActions {
    request: ServerAction<RequestDisassociation>,
    answer: ServerAction<AnswerDisassociation>,
}

#[component]
pub fn MyPartners() -> impl IntoView {
    let actions = DisassociationActions {
        request: ServerAction::new(),
        answer: ServerAction::new(),
    };
    provide_context(actions);
    let refresh =
        Signal::derive(move || actions.request.version().get() + actions.answer.version().get());
    view! {
        <WithAccount refresh body=|a| view! {
            <h1>{t(Msg::MyPartnersTitle)}</h1>
            {sign_prompt(a.must_sign_notice)}
            <CurrentPartner partner=a.partner.clone()/>
            <Disassociation account=a.clone()/>
            {(!a.past_partners.is_empty()).then(|| view! {
                <h2>{t(Msg::PastPartners)}</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th>{t(Msg::PartnerName)}</th><th>{t(Msg::AssociationMode)}</th>
                            <th>{t(Msg::AssociatedSince)}</th><th>{t(Msg::AssociationEnded)}</th>
                        </tr></thead>
                        <tbody>
                            {a.past_partners.into_iter().map(|p| view! {
                                <tr>
                                    <td lang=entered_lang(&p.partner_name)>{p.partner_name.clone()}</td>
                                    <td>{t(mode_label(&p))}</td>
                                    <td>{format_local(p.since)}</td>
                                    <td>{p.ended.map(format_local)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        }.into_any()/>
    }
}
