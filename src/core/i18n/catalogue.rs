//! The message catalogue: one line per label, Simplified Chinese then English, in one file per
//! part of the product (`catalogue/`). Each part's macro adds its lines to those it is given
//! and hands them all to the next part; the last hands them to [`catalogue!`], which makes the
//! one `Msg` enum. A key in two parts is a compile error (a duplicate variant).

use super::Lang;
use serde::{Deserialize, Serialize};

#[macro_use]
mod shell;
#[macro_use]
mod organisation;
#[macro_use]
mod relationships;
#[macro_use]
mod api;
#[macro_use]
mod money;
#[macro_use]
mod consumption;

macro_rules! catalogue {
    ([] $($key:ident => $zh:literal, $en:literal;)*) => {
        /// A key of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(Msg::$key => $zh),* },
                    Lang::En => match self { $(Msg::$key => $en),* },
                }
            }
        }
    };
}

shell! { [organisation, relationships, api, money, consumption, catalogue] }
