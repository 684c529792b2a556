//! My credentials: the user's access keys for the API, in Partner Centre (partner users) and in
//! the Account Centre (customers). The same page; only its lead says what a key reaches.

use super::{my_credentials, AccessKeyRow, ChangeAccessKey, CreateAccessKey};
use crate::core::i18n::{t, Msg};
use crate::core::time::format_local;
use crate::ui::{error_of, ErrorPage, Field, FormMessage};
use leptos::prelude::*;

/// `lead`: what the caller's keys reach (a partner user's permissions, or a customer's own data).
#[component]
pub fn CredentialsPage(lead: Msg) -> impl IntoView {
    let create = ServerAction::<CreateAccessKey>::new();
    let change = ServerAction::<ChangeAccessKey>::new();
    let page = Resource::new(
        move || (create.version().get(), change.version().get()),
        |_| my_credentials(),
    );
    let create_error = error_of(create);
    let change_error = error_of(change);
    view! {
        <h1>{t(Msg::CredentialsTitle)}</h1>
        <p class="lead">{t(lead)}</p>
        <ActionForm action=create attr:class="form grid">
            <FormMessage error=create_error/>
            <Field label=Msg::KeyDescription name="description" error=create_error/>
            <button type="submit" class="primary">{t(Msg::CreateAccessKey)}</button>
        </ActionForm>
        <FormMessage error=change_error/>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => {
                        let empty = c.keys.is_empty().then(|| view! { <p class="empty">{t(Msg::NoAccessKeys)}</p> });
                        let created = c.new_secret.map(|(ak, sk)| view! {
                            <div class="panel prompt" role="status" data-testid="new-key">
                                <p><strong>{t(Msg::SecretShownOnce)}</strong></p>
                                <dl class="facts">
                                    <dt>"AK"</dt><dd><code data-testid="new-ak">{ak}</code></dd>
                                    <dt>"SK"</dt><dd><code data-testid="new-sk">{sk}</code></dd>
                                </dl>
                            </div>
                        });
                        view! {
                            {created}
                            <dl class="facts">
                                <dt>{t(Msg::DomainId)}</dt><dd><code data-testid="domain-id">{c.domain_id.clone()}</code></dd>
                            </dl>
                            <div class="table-wrap"><table data-testid="access-keys">
                                <thead><tr>
                                    <th>"AK"</th><th>{t(Msg::KeyDescription)}</th><th>{t(Msg::Status)}</th>
                                    <th>{t(Msg::CreatedAt)}</th><th>{t(Msg::LastUsed)}</th>
                                    <th><span class="visually-hidden">{t(Msg::Actions)}</span></th>
                                </tr></thead>
                                <tbody>{c.keys.into_iter().map(|k| view! { <KeyRow key_row=k change/> }).collect_view()}</tbody>
                            </table></div>
                            {empty}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn KeyRow(key_row: AccessKeyRow, change: ServerAction<ChangeAccessKey>) -> impl IntoView {
    let (toggle, toggle_label) = if key_row.active {
        ("disable", Msg::Disable)
    } else {
        ("enable", Msg::Enable)
    };
    let (ak1, ak2) = (key_row.access_key.clone(), key_row.access_key.clone());
    let last_used = key_row
        .last_used_at
        .map(|at| {
            format!(
                "{} · {}",
                format_local(at),
                key_row.last_used_from.clone().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "—".into());
    view! {
        <tr data-ak=key_row.access_key.clone()>
            <td><code>{key_row.access_key.clone()}</code></td>
            <td>{key_row.description.clone()}</td>
            <td>{t(if key_row.active { Msg::StatusActive } else { Msg::StatusDisabled })}</td>
            <td>{format_local(key_row.created_at)}</td>
            <td>{last_used}</td>
            <td class="actions">
                <ActionForm action=change attr:class="inline">
                    <input type="hidden" name="access_key" value=ak1/>
                    <input type="hidden" name="action" value=toggle/>
                    <button type="submit">{t(toggle_label)}</button>
                </ActionForm>
                <ActionForm action=change attr:class="inline">
                    <input type="hidden" name="access_key" value=ak2/>
                    <input type="hidden" name="action" value="delete"/>
                    <button type="submit" class="danger">{t(Msg::Delete)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
