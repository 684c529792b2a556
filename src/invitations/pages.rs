//! Sales › Invitation links: make a link, copy it or show its QR code, revoke it.

use super::{list_invitations, CreateInvitation, InvitationLink, LinkState, RevokeInvitation};
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::time::format_local;
use crate::ui::{error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;

fn state_label(state: &LinkState) -> Msg {
    match state {
        LinkState::Active => Msg::LinkActive,
        LinkState::Expired => Msg::LinkExpired,
        LinkState::Revoked => Msg::LinkRevoked,
        LinkState::UsedUp => Msg::LinkUsedUp,
    }
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let create = ServerAction::<CreateInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let links = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_invitations(),
    );
    let create_error = error_of(create);
    let revoke_error = error_of(revoke);
    let lang = use_lang();
    let modes = vec![
        ("resale".to_string(), Msg::ModeResale.text(lang).to_string()),
        (
            "consulting".to_string(),
            Msg::ModeConsulting.text(lang).to_string(),
        ),
    ];
    view! {
        <h1>{t(Msg::InvitationsTitle)}</h1>
        <p class="lead">{t(Msg::InvitationsLead)}</p>
        <details class="panel" open=true>
            <summary>{t(Msg::CreateInvitation)}</summary>
            <ActionForm action=create attr:class="form grid">
                <FormMessage error=create_error/>
                <SelectField label=Msg::AssociationMode.into() name="mode" options=modes error=create_error/>
                <Field label=Msg::ValidDays name="valid_days" kind="number" value="7" error=create_error required=true/>
                <Field label=Msg::MaxUsesOptional name="max_uses" kind="number" error=create_error/>
                <button type="submit" class="primary">{t(Msg::Create)}</button>
            </ActionForm>
        </details>
        <FormMessage error=revoke_error/>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match links.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(Msg::NoInvitations)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="links" data-testid="invitations">
                            {list.into_iter().map(|l| view! { <LinkCard link=l revoke/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LinkCard(link: InvitationLink, revoke: ServerAction<RevokeInvitation>) -> impl IntoView {
    let active = link.state == LinkState::Active;
    let uses = match link.max_uses {
        Some(max) => format!("{} / {}", link.uses, max),
        None => link.uses.to_string(),
    };
    let mode = if link.resale {
        Msg::ModeResale
    } else {
        Msg::ModeConsulting
    };
    let state = state_label(&link.state);
    view! {
        <li class="link-card" data-state=format!("{:?}", link.state).to_lowercase()>
            {active.then(|| view! {
                <figure class="qr" inner_html=link.qr_svg.clone() aria-label=t(Msg::QrCode)></figure>
            })}
            <div class="link-body">
                <label class="field">
                    <span class="field-label">{t(Msg::InvitationUrl)}</span>
                    <input type="text" readonly=true value=link.url.clone() class="link-url" onclick="this.select()"/>
                </label>
                <dl class="facts">
                    <dt>{t(Msg::AssociationMode)}</dt><dd>{t(mode)}</dd>
                    <dt>{t(Msg::Status)}</dt><dd class="state">{t(state)}</dd>
                    <dt>{t(Msg::LinkExpires)}</dt><dd>{format_local(link.expires_at)}</dd>
                    <dt>{t(Msg::Uses)}</dt><dd>{uses}</dd>
                    <dt>{t(Msg::CreatedBy)}</dt><dd>{link.created_by.clone()}" · "{format_local(link.created_at)}</dd>
                </dl>
                {active.then(|| view! {
                    <div class="actions">
                        <button type="button" class="button-secondary copy-link" data-url=link.url.clone()
                            onclick="navigator.clipboard && navigator.clipboard.writeText(this.dataset.url).then(() => this.classList.add('copied'))">
                            {t(Msg::CopyLink)}
                        </button>
                        <ActionForm action=revoke attr:class="inline">
                            <input type="hidden" name="id" value=link.id.clone()/>
                            <button type="submit" class="danger">{t(Msg::Revoke)}</button>
                        </ActionForm>
                    </div>
                })}
            </div>
        </li>
    }
}
