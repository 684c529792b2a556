//! Signing in and out, and customer sign-up. Four doors: partner main account, IAM user (member),
//! customer and operator. Failed sign-ins are throttled per account and per source address, and
//! new accounts per source address.

pub mod pages;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;
