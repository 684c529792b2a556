//! Pieces every capability shares: who is acting, what they may do, errors, text and time.

#[cfg(feature = "ssr")]
pub mod actor;
pub mod error;
pub mod i18n;
pub mod permissions;
pub mod time;
pub mod validate;
pub mod viewer;
