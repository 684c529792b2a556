//! Pieces of every page's frame: the signed-in user as menus see it, and the language switch.

use crate::core::i18n::{t, use_lang, Msg};
use crate::core::viewer::Viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The signed-in partner user, for pieces of a partner page that depend on its items (the
/// layout provides it once it has checked the page's own item).
pub fn signed_in() -> Option<Viewer> {
    use_context::<Viewer>()
}

/// "Export CSV" for a filtered list (`href` carries the filter's query), and beside it, for a
/// user holding `sales.data.unmask`, the same file with personal data unmasked (the server
/// checks the item again and audits the download).
#[component]
pub fn CsvExportLinks(href: String, file: &'static str) -> impl IntoView {
    let unmask = signed_in()
        .is_some_and(|v| v.can(crate::core::permissions::Permission::SalesDataUnmask))
        .then(|| {
            let separator = if href.contains('?') { '&' } else { '?' };
            let unmasked = format!("{href}{separator}unmask=1");
            view! {
                <a class="button-secondary" href=unmasked rel="external" download=file
                    title=Msg::ExportUnmaskedHint.text(use_lang())>
                    {t(Msg::ExportUnmasked)}
                </a>
            }
        });
    view! {
        <a class="button-secondary" href=href rel="external" download=file>{t(Msg::ExportCsv)}</a>
        {unmask}
    }
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
    // The link's text is in the other language ("English" on a Chinese page): `lang` says so.
    view! {
        <a class="lang-switch" href=href rel="external" hreflang=other.html_lang() lang=other.html_lang()>
            {t(Msg::SwitchLanguage)}
        </a>
    }
}

/// The id of every page's `<main>`, the target of the skip link.
pub const MAIN_ID: &str = "main";

/// "Skip to content" (跳到正文): the first focusable element of every layout, shown when focused.
/// `target="_self"` leaves the click to the browser rather than the client router, so that the
/// focus moves to the main content (a `<main tabindex="-1">`) as well as the view.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") target="_self">{t(Msg::SkipToContent)}</a>
    }
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

/// A row of drop-down menus (`<details class="menu">`) that behave as menus once JavaScript runs:
/// opening one closes the others, and Escape or a click outside closes the open one (Escape gives
/// the focus back to its summary when it was inside). Without JavaScript they stay plain
/// `<details>`, opened and closed by their summary.
#[derive(Clone, Copy)]
pub struct MenuGroup<const N: usize>(pub [NodeRef<leptos::html::Details>; N]);

impl<const N: usize> MenuGroup<N> {
    /// The group's menus, and the listeners on the window for Escape and outside clicks (removed
    /// with the component that calls this).
    pub fn install() -> Self {
        let group = MenuGroup(std::array::from_fn(|_| NodeRef::new()));
        let escape = window_event_listener(leptos::ev::keydown, move |e| {
            if e.key() == "Escape" {
                group.close_on_escape();
            }
        });
        let click = window_event_listener(leptos::ev::click, move |e| {
            let target = e
                .target()
                .map(leptos::wasm_bindgen::JsCast::unchecked_into::<leptos::web_sys::Node>);
            for menu in group.open_menus() {
                if !menu.contains(target.as_ref()) {
                    menu.set_open(false);
                }
            }
        });
        on_cleanup(move || {
            escape.remove();
            click.remove();
        });
        group
    }

    /// The handler of menu `index`'s `toggle` event: once it is open, the others close.
    pub fn on_toggle(self, index: usize) -> impl Fn(leptos::ev::Event) + Copy + 'static {
        move |_| {
            let opened = self.0[index].get_untracked().is_some_and(|m| m.open());
            if opened {
                for (i, menu) in self.0.iter().enumerate() {
                    if let Some(menu) = menu.get_untracked().filter(|_| i != index) {
                        menu.set_open(false);
                    }
                }
            }
        }
    }

    fn open_menus(self) -> impl Iterator<Item = leptos::web_sys::HtmlDetailsElement> {
        self.0
            .into_iter()
            .filter_map(|m| m.get_untracked())
            .filter(|m| m.open())
    }

    fn close_on_escape(self) {
        use leptos::wasm_bindgen::JsCast;
        let focused = document().active_element();
        for menu in self.open_menus() {
            let had_focus = focused
                .as_ref()
                .is_some_and(|f| menu.contains(Some(f.unchecked_ref())));
            menu.set_open(false);
            if had_focus {
                if let Some(summary) = menu.first_element_child() {
                    let _ = summary
                        .unchecked_into::<leptos::web_sys::HtmlElement>()
                        .focus();
                }
            }
        }
    }
}
