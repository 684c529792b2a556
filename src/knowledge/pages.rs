//! The operator's knowledge recommendations, and the list a partner sees on a customer.

use super::{list_knowledge, Category, CreateKnowledge, DeleteKnowledge, KnowledgeItem};
use crate::core::i18n::{t, use_lang, Msg};
use crate::ui::{error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;

/// Recommendations grouped by category, as cards with their links.
#[component]
pub fn KnowledgeList(items: Vec<KnowledgeItem>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty">{t(Msg::NoKnowledge)}</p> }.into_any();
    }
    view! {
        <ul class="knowledge" data-testid="knowledge">
            {items.into_iter().map(|k| view! {
                <li>
                    <span class="badge">{t(k.category.label())}</span>
                    <a href=k.link.clone() rel="noopener noreferrer" target="_blank">{k.title.clone()}</a>
                    <p>{k.summary.clone()}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn OperatorKnowledgePage() -> impl IntoView {
    let create = ServerAction::<CreateKnowledge>::new();
    let delete = ServerAction::<DeleteKnowledge>::new();
    let items = Resource::new(
        move || (create.version().get(), delete.version().get()),
        |_| list_knowledge(),
    );
    let error = error_of(create);
    let lang = use_lang();
    let categories: Vec<(String, String)> = Category::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.label().text(lang).to_string()))
        .collect();
    view! {
        <h1>{t(Msg::NavKnowledge)}</h1>
        <details class="panel" open=move || error.get().is_some()>
            <summary>{t(Msg::CreateKnowledge)}</summary>
            <ActionForm action=create attr:class="form grid">
                <FormMessage error/>
                <SelectField label=Msg::Category.into() name="category" options=categories error/>
                <Field label=Msg::Title name="title" error required=true/>
                <Field label=Msg::Summary name="summary" error required=true/>
                <Field label=Msg::Link name="link" kind="url" error required=true/>
                <button type="submit" class="primary">{t(Msg::Create)}</button>
            </ActionForm>
        </details>
        <FormMessage error=error_of(delete)/>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match items.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="empty">{t(Msg::NoKnowledge)}</p> }.into_any(),
                    Ok(items) => view! {
                        <div class="table-wrap"><table data-testid="knowledge-items">
                            <thead><tr><th>{t(Msg::Category)}</th><th>{t(Msg::Title)}</th><th>{t(Msg::Summary)}</th><th><span class="visually-hidden">{t(Msg::Actions)}</span></th></tr></thead>
                            <tbody>{items.into_iter().map(|k| view! {
                                <tr>
                                    <td>{t(k.category.label())}</td>
                                    <td><a href=k.link.clone() rel="noopener noreferrer">{k.title.clone()}</a></td>
                                    <td>{k.summary.clone()}</td>
                                    <td><ActionForm action=delete attr:class="inline">
                                        <input type="hidden" name="id" value=k.id.clone()/>
                                        <button type="submit" class="danger">{t(Msg::Delete)}</button>
                                    </ActionForm></td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
