//! Pieces of every page's frame: the signed-in user as menus see it, and the language switch.

use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::viewer::Viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The signed-in user, fetched again on every navigation so that menus follow role changes.
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, AppError>>);

pub fn use_viewer() -> Resource<Result<Option<Viewer>, AppError>> {
    expect_context::<ViewerResource>().0
}

/// A link to the same page in the other language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let location = use_location();
    let other = use_lang().other();
    let href = move || {
        let back = format!(
            "{}{}",
            location.pathname.get(),
            location.search.get().pipe_query()
        );
        format!("/lang/{}?back={}", other.code(), urlencoding::encode(&back))
    };
    view! { <a class="lang-switch" href=href rel="external" hreflang=other.html_lang()>{t(Msg::SwitchLanguage)}</a> }
}

trait PipeQuery {
    fn pipe_query(self) -> String;
}

impl PipeQuery for String {
    /// `?a=b` from a search string that may or may not start with `?`.
    fn pipe_query(self) -> String {
        match self.trim_start_matches('?') {
            "" => String::new(),
            q => format!("?{q}"),
        }
    }
}
