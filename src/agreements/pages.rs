//! Account Centre › Agreements (协议管理) and the operator's agreement versions.

use super::{
    list_agreement_versions, my_agreements, AgreementVersion, PublishAgreement, SignAgreement,
};
use crate::core::i18n::{t, Msg};
use crate::core::time::format_local;
use crate::ui::{entered_lang, error_of, ErrorPage, Field, FormMessage};
use leptos::prelude::*;

/// The notice's text and the "I have read and agree" box, inside a form that signs it.
#[component]
pub fn NoticeToSign(
    notice: AgreementVersion,
    #[prop(into)] error: Signal<Option<crate::core::error::AppError>>,
) -> impl IntoView {
    let lang = crate::core::i18n::use_lang();
    let message = move || error.get().and_then(|e| e.field_message("agree", lang));
    // A scroll box: focusable so that keyboard users can scroll it, and named for screen readers.
    // Its heading is the page's second level, like the notice's own (the renderer starts it at h2).
    // Named by its title, which keeps the title's language (`aria-labelledby`, one notice a page).
    view! {
        <article class="agreement" data-testid="notice" tabindex="0" role="region" aria-labelledby="notice-title">
            <h2 id="notice-title"><span lang=entered_lang(&notice.title)>{notice.title.clone()}</span>" · v"{notice.version}</h2>
            <div class="agreement-text" inner_html=notice.content_html.clone()></div>
        </article>
        <label class="check">
            <input type="checkbox" name="agree" value="yes" required=true/>
            <span>{t(Msg::IHaveReadAndAgree)}</span>
        </label>
        {move || message().map(|m| view! { <span class="field-error">{m}</span> })}
    }
}

/// Versions with a time each (signed or published) and their content behind a disclosure.
#[component]
fn VersionTable(
    testid: &'static str,
    time_label: Msg,
    rows: Vec<(AgreementVersion, chrono::DateTime<chrono::Utc>)>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(v, at)| {
            view! {
                <tr data-version=v.version>
                    <td lang=entered_lang(&v.title)>{v.title.clone()}</td>
                    <td>"v"{v.version}</td>
                    <td>{format_local(at)}</td>
                    <td>
                        <details>
                            <summary>{t(Msg::ViewContent)}</summary>
                            <div class="agreement-text" inner_html=v.content_html.clone()></div>
                        </details>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <thead><tr>
                    <th>{t(Msg::AgreementName)}</th><th>{t(Msg::Version)}</th>
                    <th>{t(time_label)}</th><th>{t(Msg::Content)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn MyAgreementsPage() -> impl IntoView {
    let sign = ServerAction::<SignAgreement>::new();
    let page = Resource::new(move || sign.version().get(), |_| my_agreements());
    let error = error_of(sign);
    view! {
        <h1>{t(Msg::AgreementsTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(a) => {
                        let prompt = a.to_sign.map(|notice| {
                            let id = notice.id.clone();
                            view! {
                                <section class="panel prompt" data-testid="sign-prompt">
                                    <p class="lead">{t(Msg::NewNoticeToSign)}</p>
                                    <ActionForm action=sign attr:class="form">
                                        <FormMessage error/>
                                        <input type="hidden" name="agreement_id" value=id/>
                                        <NoticeToSign notice error/>
                                        <button type="submit" class="primary">{t(Msg::SignNow)}</button>
                                    </ActionForm>
                                </section>
                            }
                        });
                        let empty = a.signed.is_empty().then(|| view! { <p class="empty">{t(Msg::NoSignedAgreements)}</p> });
                        let rows = a.signed.into_iter().map(|s| (s.agreement, s.signed_at)).collect();
                        view! {
                            {prompt}
                            <h2>{t(Msg::SignedAgreements)}</h2>
                            <VersionTable testid="signed-agreements" time_label=Msg::SignedAt rows/>
                            {empty}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn OperatorAgreementsPage() -> impl IntoView {
    let publish = ServerAction::<PublishAgreement>::new();
    let versions = Resource::new(
        move || publish.version().get(),
        |_| list_agreement_versions(),
    );
    let error = error_of(publish);
    let lang = crate::core::i18n::use_lang();
    let content_message = move || error.get().and_then(|e| e.field_message("content", lang));
    view! {
        <h1>{t(Msg::AgreementVersionsTitle)}</h1>
        <details class="panel" open=move || error.get().is_some()>
            <summary>{t(Msg::PublishVersion)}</summary>
            <ActionForm action=publish attr:class="form">
                <FormMessage error/>
                <Field label=Msg::AgreementName name="title" error value=Msg::NoticeTitle.text(lang).to_string() required=true/>
                <label class="field">
                    <span class="field-label">{t(Msg::ContentMarkdown)}</span>
                    <textarea name="content" rows="12" required=true></textarea>
                    {move || content_message().map(|m| view! { <span class="field-error">{m}</span> })}
                </label>
                <button type="submit" class="primary">{t(Msg::Publish)}</button>
            </ActionForm>
        </details>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match versions.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) => {
                        let empty = list.is_empty().then(|| view! { <p class="empty">{t(Msg::NoVersions)}</p> });
                        let rows = list.into_iter().map(|v| { let at = v.published_at; (v, at) }).collect();
                        view! {
                            <VersionTable testid="agreement-versions" time_label=Msg::PublishedAt rows/>
                            {empty}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
