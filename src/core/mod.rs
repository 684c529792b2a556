//! Pieces every capability shares, free of IO: who is acting and what they may do, errors, text,
//! time, money, identifiers, input parsing, and the one writer of exported files.

pub mod actor;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
pub mod i18n;
pub mod ids;
pub mod money;
pub mod permissions;
pub mod time;
pub mod validate;
pub mod viewer;
