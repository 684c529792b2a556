//! Pieces the pages of money share (funds and coupons): a form's one-time token, amounts and
//! their figures, the ids a batch carries from page to page, and a button that takes a form's
//! fields to another page.

use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::money::format_yuan;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use rust_decimal::Decimal;

/// The hidden one-time `token` of a form that moves money or coupons: fresh with each render, and
/// new again after each completed submit (`version`, the action's), so that a double submit
/// applies once while the next submit is a new operation. Without JavaScript a completed submit
/// reloads the page, which renders a new one.
#[component]
pub fn TokenField(#[prop(into)] version: Signal<usize>) -> impl IntoView {
    let base = uuid::Uuid::new_v4().simple().to_string();
    let value = move || format!("{base}-{}", version.get());
    view! { <input type="hidden" name="token" value=value/> }
}

/// A figure of money: the amount (grouped, two decimals) over its label.
#[component]
pub fn MoneyFigure(
    label: Msg,
    value: Decimal,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="figure money" data-testid=(!testid.is_empty()).then_some(testid)>
            <span class="figure-value">{format_yuan(value)}</span>
            <span class="figure-label">{t(label)}</span>
        </div>
    }
}

/// The message after an action succeeded (only seen with JavaScript on: without it the page
/// reloads and shows the new state).
#[component]
pub fn DoneMessage(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    move || {
        text.get()
            .map(|m| view! { <p class="form-ok" role="status" data-testid="done">{m}</p> })
    }
}

/// The values of `name[0]`, `name[1]`, … in a query, in index order: what a GET form's
/// checkboxes (or hidden inputs) named that way sent.
pub fn indexed(query: &ParamsMap, name: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = query
        .into_iter()
        .filter_map(|(key, value)| {
            let index = key
                .strip_prefix(name)?
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse()
                .ok()?;
            Some((index, value.to_string()))
        })
        .collect();
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, v)| v).collect()
}

/// Hidden inputs `name[0]`, `name[1]`, … carrying `values` to the next page or action.
pub fn hidden_list(name: &str, values: &[String]) -> impl IntoView {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| view! { <input type="hidden" name=format!("{name}[{i}]") value=v.clone()/> })
        .collect_view()
}

/// `a=1&b=2` from pairs, leaving out empty values.
pub fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A submit button that takes its form's fields, and its own `name=value`, to the page `action`
/// as a GET navigation, from inside a form that posts elsewhere. Without JavaScript the browser
/// does it (`formaction`, `formmethod`). With JavaScript an `ActionForm` would not: its submit
/// handler posts the form to its server function whatever the submitter's `formaction` says
/// (leptos 0.8, `form.rs`), so this button's click handler navigates instead, leaving out the
/// host form's own fields named in `skip`.
#[component]
pub fn GetButton(
    action: &'static str,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] value: Option<&'static str>,
    #[prop(optional)] skip: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    let navigate = use_navigate();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(form) = button.get_untracked().and_then(|b| b.form()) else {
            return;
        };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(params) = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)
        else {
            return;
        };
        for field in skip {
            params.delete(field);
        }
        if let (Some(name), Some(value)) = (name, value) {
            params.append(name, value);
        }
        ev.prevent_default();
        let query = String::from(params.to_string());
        navigate(&format!("{action}?{query}"), Default::default());
    };
    view! {
        <button type="submit" node_ref=button formaction=action formmethod="get" name=name value=value on:click=on_click>
            {children()}
        </button>
    }
}

/// Which of several forms posting to one action (a form per row) submitted last, marked by its
/// submit button's click, so that the action's messages show at that form alone. Without
/// JavaScript nothing is marked: the page shows them once, where `only(None, …)` puts them.
#[derive(Clone, Copy)]
pub struct SubmittedBy(RwSignal<Option<String>>);

impl Default for SubmittedBy {
    fn default() -> Self {
        SubmittedBy(RwSignal::new(None))
    }
}

impl SubmittedBy {
    /// The click handler of form `key`'s submit button.
    pub fn mark(self, key: String) -> impl Fn(leptos::ev::MouseEvent) + 'static {
        move |_| self.0.set(Some(key.clone()))
    }

    /// `value` where form `key` (`None`: no form, the page) submitted last.
    pub fn only<T>(self, key: Option<String>, value: Signal<Option<T>>) -> Signal<Option<T>>
    where
        T: Clone + Send + Sync + 'static,
    {
        Signal::derive(move || value.get().filter(|_| self.0.get() == key))
    }
}

/// An action's error as one message, field messages included: for a page that holds several
/// forms of one action, where a field's message cannot tell which form it belongs to.
#[component]
pub fn ErrorSummary(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            let text = match &e {
                AppError::Invalid(fields) => fields
                    .iter()
                    .map(|f| f.text.render(lang))
                    .collect::<Vec<_>>()
                    .join(" "),
                other => other.form_message(lang).unwrap_or_default(),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    }
}
