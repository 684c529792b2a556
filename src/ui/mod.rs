//! Shared components: form fields with their messages, pagers, state pages; the page frame's
//! pieces in `chrome`.

pub mod chart;
pub mod chrome;
pub mod money;
pub mod viewer;

use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Lang, Msg, Text};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// The error of an action's last run, for its form's messages.
pub fn error_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// True once the action's last run succeeded (only seen with JavaScript on; without it the page
/// reloads with the new state).
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// The message above a form, for errors that belong to no field.
#[component]
pub fn FormMessage(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error
            .get()
            .and_then(|e| e.form_message(lang))
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
    }
}

/// A confirmation after a successful action.
#[component]
pub fn SavedMessage(#[prop(into)] done: Signal<bool>) -> impl IntoView {
    move || {
        done.get()
            .then(|| view! { <p class="form-ok" role="status">{t(Msg::Saved)}</p> })
    }
}

/// The field an error names for an input: its name, or `x` for `form[x]` (an input of a server
/// function that takes its form as one struct argument, `form`).
fn error_key(name: &str) -> &str {
    name.strip_prefix("form[")
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
}

/// A labelled input with its message underneath.
#[component]
pub fn Field(
    label: Msg,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let lang = use_lang();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(error_key(name), lang))
    };
    view! {
        <label class="field">
            <span class="field-label">{t(label)}</span>
            <input
                type=kind
                name=name
                value=value
                autocomplete=autocomplete
                required=required
                aria-invalid=move || message().is_some().then_some("true")
            />
            {move || message().map(|m| view! { <span class="field-error">{m}</span> })}
        </label>
    }
}

/// A labelled select; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    label: Text,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] selected: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message(error_key(name), lang))
    };
    view! {
        <label class="field">
            <span class="field-label">{label.render(lang)}</span>
            <select name=name>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {move || message().map(|m| view! { <span class="field-error">{m}</span> })}
        </label>
    }
}

/// "Page N, M in all" with previous and next links; `href` builds the link of a page. With
/// `max_pages`, paging stops there and a larger total reads "1000+".
#[component]
pub fn Pager(
    page: u32,
    page_size: u32,
    total: i64,
    href: impl Fn(u32) -> String + 'static,
    #[prop(optional)] max_pages: Option<u32>,
) -> impl IntoView {
    let reachable = max_pages.map(|m| m as i64 * page_size as i64);
    let has_next = (page as i64) * (page_size as i64) < total && max_pages.is_none_or(|m| page < m);
    let total = match reachable {
        Some(r) if total > r => format!("{r}+"),
        _ => total.to_string(),
    };
    let prev = (page > 1).then(|| href(page - 1));
    let next = has_next.then(|| href(page + 1));
    let summary = Text::new(Msg::PageOf)
        .arg("page", page)
        .arg("total", total)
        .render(use_lang());
    view! {
        <nav class="pager" aria-label=t(Msg::Pagination)>
            {prev.map(|h| view! { <a href=h rel="prev">{t(Msg::PrevPage)}</a> })}
            <span>{summary}</span>
            {next.map(|h| view! { <a href=h rel="next">{t(Msg::NextPage)}</a> })}
        </nav>
    }
}

/// The pager of a keyset-paged list: first, previous, next and last, and the total (a capped
/// total reads "1000+"). Each link is `None` where the list ends.
#[component]
pub fn CursorPager(
    total: i64,
    cap: i64,
    first: Option<String>,
    previous: Option<String>,
    next: Option<String>,
    last: Option<String>,
) -> impl IntoView {
    let total = if total > cap {
        format!("{cap}+")
    } else {
        total.to_string()
    };
    let summary = Text::new(Msg::TotalRecords)
        .arg("total", total)
        .render(use_lang());
    view! {
        <nav class="pager" aria-label=t(Msg::Pagination)>
            {first.map(|h| view! { <a href=h>{t(Msg::FirstPage)}</a> })}
            {previous.map(|h| view! { <a href=h rel="prev">{t(Msg::PrevPage)}</a> })}
            <span>{summary}</span>
            {next.map(|h| view! { <a href=h rel="next">{t(Msg::NextPage)}</a> })}
            {last.map(|h| view! { <a href=h>{t(Msg::LastPage)}</a> })}
        </nav>
    }
}

/// The `lang` of a name or title as users entered it (partner and customer names, notice titles)
/// where it differs from the page's: on an English page, text with Chinese characters is Chinese.
/// Text without them keeps the page's language (account names and codes are in no language).
/// Put it on the element that holds the text alone: `<dd lang=entered_lang(&name)>`.
pub fn entered_lang(text: &str) -> Option<&'static str> {
    let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}');
    (use_lang() == Lang::En && text.chars().any(han)).then_some(Lang::Zh.html_lang())
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        res.set_status(code);
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! {
        <section class="state-page">
            <h1>{t(Msg::Forbidden)}</h1>
            <p>{t(Msg::ForbiddenLead)}</p>
            <a class="button" href="/">{t(Msg::BackHome)}</a>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <section class="state-page">
            <h1>"404"</h1>
            <h2>{t(Msg::NotFoundTitle)}</h2>
            <p>{t(Msg::NotFoundLead)}</p>
            <a class="button" href="/">{t(Msg::BackHome)}</a>
        </section>
    }
}

/// The page for a failure of ours: a message, never internals.
#[component]
pub fn ServerError() -> impl IntoView {
    set_status(500);
    view! {
        <section class="state-page">
            <h1>{t(Msg::ServerErrorTitle)}</h1>
            <p>{t(Msg::ErrInternal)}</p>
            <a class="button" href="/">{t(Msg::BackHome)}</a>
        </section>
    }
}

/// The page of a capability that later work builds: it says so, and shows no sample data.
#[component]
pub fn NotBuiltYet(title: Msg) -> impl IntoView {
    view! {
        <h1>{t(title)}</h1>
        <section class="empty-state">
            <h2>{t(Msg::NotBuiltYet)}</h2>
            <p>{t(Msg::NotBuiltLead)}</p>
        </section>
    }
}

/// Renders the page for an error from a data function.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    match error {
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        AppError::Invalid(fields) => {
            // Each refused value with its field (the name the page's URL shows), and a way out.
            let lang = use_lang();
            set_status(400);
            let items = fields
                .into_iter()
                .map(|f| {
                    let text = f.text.render(lang);
                    view! { <li><code>{f.field}</code>": "{text}</li> }
                })
                .collect_view();
            view! {
                <div class="form-error" role="alert">
                    <p>{t(Msg::ErrInvalidFilters)}</p>
                    <ul>{items}</ul>
                    <p><a href="?">{t(Msg::ClearFilters)}</a></p>
                </div>
            }
            .into_any()
        }
        AppError::Refused(_) | AppError::Rule { .. } => {
            let lang = use_lang();
            let text = error
                .form_message(lang)
                .unwrap_or_else(|| Msg::ErrBadChoice.text(lang).to_string());
            set_status(400);
            view! { <p class="form-error" role="alert">{text}</p> }.into_any()
        }
        _ => view! { <ServerError/> }.into_any(),
    }
}

/// A page whose filters live in the URL's query (a GET form): reads the filter from the query,
/// loads the page of results through a server function, and renders both. With `refresh` (an
/// action's version), the results load again after each run of the action.
#[component]
pub fn QueryPage<F, P, Fut>(
    from_query: fn(&ParamsMap) -> F,
    load: fn(F) -> Fut,
    render: fn(P, F) -> AnyView,
    #[prop(optional, into)] refresh: Option<Signal<usize>>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
    P: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<P, AppError>> + Send + 'static,
{
    let query = use_query_map();
    let filter = move || query.with(from_query);
    let page = Resource::new(
        move || (filter(), refresh.map(|r| r.get())),
        move |(f, _)| load(f),
    );
    view! {
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || {
                let current = filter();
                Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                        Ok(p) => render(p, current),
                    }
                })
            }}
        </Suspense>
    }
}
