//! Account Centre › Authorizations: answer pending requests, revoke approved ones, and see what
//! the partner did under each. The partner's side lives on the customer detail page.

use super::rules::{AuthorizationStatus, Scope};
use super::{
    my_authorizations, Activity, AnswerAuthorization, AuthorizationView, RevokeAuthorization,
};
use crate::audit::AuditAction;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::{format_local, format_local_date};
use crate::ui::{entered_lang, error_of, ErrorPage, FormMessage};
use leptos::prelude::*;

/// "View resources, View bills".
pub fn scope_list(scopes: &[Scope]) -> impl IntoView {
    let lang = use_lang();
    scopes
        .iter()
        .map(|s| s.label().text(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn status_badge(status: AuthorizationStatus) -> impl IntoView {
    let class = format!("badge badge-{:?}", status).to_lowercase();
    view! { <span class=class>{t(status.label())}</span> }
}

/// Audit entries about the customer: time, who, what, on what.
#[component]
pub fn ActivityTable(rows: Vec<Activity>) -> impl IntoView {
    let lang = use_lang();
    let rows = rows
        .into_iter()
        .map(|e| {
            let action = AuditAction::from_code(&e.action)
                .map(|a| a.label().text(lang).to_string())
                .unwrap_or(e.action);
            view! {
                <tr><td>{format_local(e.at)}</td><td>{e.actor_name}</td><td>{action}</td><td>{e.target}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table data-testid="activity">
            <thead><tr><th>{t(Msg::AuditTime)}</th><th>{t(Msg::AuditActor)}</th><th>{t(Msg::AuditAction)}</th><th>{t(Msg::AuditTarget)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
pub fn MyAuthorizationsPage() -> impl IntoView {
    let answer = ServerAction::<AnswerAuthorization>::new();
    let revoke = ServerAction::<RevokeAuthorization>::new();
    let list = Resource::new(
        move || (answer.version().get(), revoke.version().get()),
        |_| my_authorizations(),
    );
    let error = Signal::derive(move || error_of(answer).get().or(error_of(revoke).get()));
    view! {
        <h1>{t(Msg::AuthorizationsTitle)}</h1>
        <p class="lead">{t(Msg::AuthorizationsLead)}</p>
        <FormMessage error/>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(Msg::NoAuthorizations)}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|a| view! { <AuthorizationCard a answer revoke error/> })
                        .collect_view()
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuthorizationCard(
    a: AuthorizationView,
    answer: ServerAction<AnswerAuthorization>,
    revoke: ServerAction<RevokeAuthorization>,
    error: Signal<Option<crate::core::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (approve_id, reject_id, revoke_id) = (a.id.clone(), a.id.clone(), a.id.clone());
    let actions = match a.status {
        AuthorizationStatus::Pending => Some(
            view! {
                <div class="actions">
                    <ActionForm action=answer attr:class="inline">
                        <input type="hidden" name="id" value=approve_id/>
                        <input type="hidden" name="decision" value="approve"/>
                        <button type="submit" class="primary">{t(Msg::Approve)}</button>
                    </ActionForm>
                    <ActionForm action=answer attr:class="inline">
                        <input type="hidden" name="id" value=reject_id/>
                        <input type="hidden" name="decision" value="reject"/>
                        <button type="submit" class="danger">{t(Msg::Reject)}</button>
                    </ActionForm>
                </div>
            }
            .into_any(),
        ),
        AuthorizationStatus::Approved => Some(
            view! {
                <ActionForm action=revoke attr:class="form inline-form">
                    <input type="hidden" name="id" value=revoke_id/>
                    <label class="field">
                        <span class="field-label">{t(Msg::RevokeReason)}</span>
                        <input type="text" name="reason" required=true maxlength="200"/>
                        {move || error.get().and_then(|e| e.field_message("reason", lang)).map(|m| view! { <span class="field-error">{m}</span> })}
                    </label>
                    <button type="submit" class="danger">{t(Msg::Revoke)}</button>
                </ActionForm>
            }
            .into_any(),
        ),
        _ => None,
    };
    let activity = (!a.activity.is_empty()).then(|| {
        view! {
            <details>
                <summary>{t(Msg::PartnerActivity)}</summary>
                <ActivityTable rows=a.activity.clone()/>
            </details>
        }
    });
    view! {
        <section class="panel authorization" data-status=format!("{:?}", a.status).to_lowercase()>
            <h2><span lang=entered_lang(&a.partner_name)>{a.partner_name.clone()}</span>" "{status_badge(a.status)}</h2>
            <dl class="facts">
                <dt>{t(Msg::Scopes)}</dt><dd>{scope_list(&a.scopes)}</dd>
                <dt>{t(Msg::EndsOn)}</dt><dd>{format_local_date(a.ends_at - chrono::Duration::seconds(1))}</dd>
                <dt>{t(Msg::RequestedAt)}</dt><dd>{format_local(a.requested_at)}" · "{a.requested_by.clone()}</dd>
                {a.revoke_reason.clone().map(|r| view! { <dt>{t(Msg::RevokeReason)}</dt><dd>{r}</dd> })}
            </dl>
            {actions}
            {activity}
        </section>
    }
}
