//! Text in two languages. Every label comes from the catalogue (`catalogue.rs`); a missing key is
//! a compile error, not a blank on screen.
//!
//! The language is chosen by the `pc_lang` cookie (Simplified Chinese by default), set by the
//! `/lang/{code}` link in every page header, and read once per request.

mod catalogue;

pub use catalogue::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const LANG_COOKIE: &str = "pc_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value of `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A message with named arguments, e.g. `{minutes}`: what errors carry to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub msg: Msg,
    pub args: Vec<(String, String)>,
}

impl Text {
    pub fn new(msg: Msg) -> Self {
        Text { msg, args: vec![] }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.msg.text(lang).to_string();
        for (name, value) in &self.args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

impl From<Msg> for Text {
    fn from(msg: Msg) -> Self {
        Text::new(msg)
    }
}

/// The language of this request (server) or of the page being hydrated (browser).
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// Provides the language to the component tree; called once at the root.
pub fn provide_lang() -> Lang {
    let lang = current_lang();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text of a message in the page's language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_lang())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_the_cookie_switches() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Zh);
        assert_eq!(Lang::from_cookie_header("a=b; pc_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("pc_lang=xx"), Lang::Zh);
    }

    #[test]
    fn text_arguments_are_filled_in() {
        let text = Text::new(Msg::ErrThrottled).arg("minutes", 12);
        assert!(text.render(Lang::En).contains("12"));
        assert!(text.render(Lang::Zh).contains("12"));
    }
}
