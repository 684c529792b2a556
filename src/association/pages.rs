//! The join page of an invitation link (`/join/{token}`): register and associate, or associate a
//! signed-in customer, after reading the association notice.

use super::{join_info, JoinDetails, JoinExisting, JoinNew};
use crate::agreements::pages::NoticeToSign;
use crate::auth::pages::AuthFrame;
use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::format_local;
use crate::ui::{entered_lang, error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The confirm and decline buttons answering the other side's disassociation request `$id`,
/// posted to `$action` (the customer's or the partner's answer function, two server functions
/// with the same fields).
macro_rules! answer_disassociation_buttons {
    ($action:expr, $id:expr) => {{
        let (confirm_id, decline_id) = ($id.clone(), $id.clone());
        view! {
            <div class="actions">
                <ActionForm action=$action attr:class="inline">
                    <input type="hidden" name="request" value=confirm_id/>
                    <input type="hidden" name="decision" value="confirm"/>
                    <button type="submit" class="danger">{t(Msg::ConfirmDisassociation)}</button>
                </ActionForm>
                <ActionForm action=$action attr:class="inline">
                    <input type="hidden" name="request" value=decline_id/>
                    <input type="hidden" name="decision" value="decline"/>
                    <button type="submit">{t(Msg::Decline)}</button>
                </ActionForm>
            </div>
        }
    }};
}
pub(crate) use answer_disassociation_buttons;

/// The button withdrawing one's own pending disassociation request `$id`.
macro_rules! withdraw_disassociation_button {
    ($action:expr, $id:expr) => {{
        let id = $id.clone();
        view! {
            <ActionForm action=$action attr:class="inline">
                <input type="hidden" name="request" value=id/>
                <input type="hidden" name="decision" value="withdraw"/>
                <button type="submit">{t(Msg::WithdrawRequest)}</button>
            </ActionForm>
        }
    }};
}
pub(crate) use withdraw_disassociation_button;

/// Every failed eligibility rule, each with what fixes it: those known when the page was drawn
/// and those the last submission reported.
#[component]
fn Problems(known: Vec<String>, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let reported = move || match error.get() {
        Some(AppError::Invalid(errors)) => errors
            .into_iter()
            .filter(|e| e.field == "eligibility")
            .map(|e| e.text.render(lang))
            .collect(),
        _ => vec![],
    };
    move || {
        let mut all = known.clone();
        all.extend(reported().into_iter().filter(|r| !known.contains(r)));
        (!all.is_empty()).then(|| {
            view! {
                <div class="problems" role="alert" data-testid="ineligible">
                    <p><strong>{t(Msg::CannotAssociate)}</strong></p>
                    <ul>{all.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = Resource::new(token, join_info);
    view! {
        <AuthFrame title=Msg::JoinTitle>
            <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(info) => view! { <JoinForms info token=token()/> }.into_any(),
                        Err(AppError::NotFound) => view! { <p class="problems" role="alert">{t(Msg::LinkNotFound)}</p> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthFrame>
    }
}

#[component]
fn JoinForms(info: JoinDetails, token: String) -> impl IntoView {
    let lang = use_lang();
    let existing = ServerAction::<JoinExisting>::new();
    let new = ServerAction::<JoinNew>::new();
    let existing_error = error_of(existing);
    let new_error = error_of(new);
    let known: Vec<String> = info
        .problems
        .iter()
        .map(|p| p.text().render(lang))
        .collect();
    let blocked = !info.problems.is_empty();
    let notice_id = info
        .notice
        .as_ref()
        .map(|n| n.id.clone())
        .unwrap_or_default();
    let mode = if info.resale {
        Msg::ModeResale
    } else {
        Msg::ModeConsulting
    };
    let intro = view! {
        <dl class="facts" data-testid="invitation">
            <dt>{t(Msg::PartnerName)}</dt><dd lang=entered_lang(&info.partner_name)>{info.partner_name.clone()}</dd>
            <dt>{t(Msg::AssociationMode)}</dt><dd>{t(mode)}</dd>
            <dt>{t(Msg::LinkExpires)}</dt><dd>{format_local(info.expires_at)}</dd>
        </dl>
    };
    let body = if info.signed_in_other {
        view! { <p class="empty">{t(Msg::SignOutToJoin)}</p> }.into_any()
    } else if let Some(account) = info.customer.clone() {
        let notice = info
            .notice
            .clone()
            .map(|notice| view! { <NoticeToSign notice error=existing_error/> });
        view! {
            <Problems known=known.clone() error=existing_error/>
            <p>{t(Msg::JoinAs)}" "<strong>{account}</strong></p>
            <ActionForm action=existing attr:class="form">
                <FormMessage error=existing_error/>
                <input type="hidden" name="token" value=token.clone()/>
                <input type="hidden" name="notice_id" value=notice_id.clone()/>
                {notice}
                <button type="submit" class="primary" disabled=blocked>{t(Msg::AssociateNow)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        let kinds = vec![
            ("individual".to_string(), t(Msg::KindIndividual).to_string()),
            ("enterprise".to_string(), t(Msg::KindEnterprise).to_string()),
        ];
        let notice = info
            .notice
            .clone()
            .map(|notice| view! { <NoticeToSign notice error=new_error/> });
        let sign_in = format!("/signin/customer?next=/join/{token}");
        view! {
            <Problems known=known.clone() error=new_error/>
            <p>{t(Msg::HaveAccount)}" "<a href=sign_in rel="external">{t(Msg::SignInToJoin)}</a></p>
            <ActionForm action=new attr:class="form">
                <FormMessage error=new_error/>
                <input type="hidden" name="token" value=token.clone()/>
                <input type="hidden" name="notice_id" value=notice_id.clone()/>
                <Field label=Msg::AccountName name="account_name" error=new_error autocomplete="username" required=true/>
                <Field label=Msg::DisplayName name="display_name" error=new_error autocomplete="name" required=true/>
                <SelectField label=Msg::CustomerKind.into() name="kind" options=kinds error=new_error/>
                <Field label=Msg::Password name="password" kind="password" error=new_error autocomplete="new-password" required=true/>
                <Field label=Msg::ConfirmPassword name="confirm_password" kind="password" error=new_error autocomplete="new-password" required=true/>
                {notice}
                <button type="submit" class="primary" disabled=blocked>{t(Msg::RegisterAndAssociate)}</button>
            </ActionForm>
        }
        .into_any()
    };
    view! { {intro} {body} }
}
