//! Partner Centre: the library shared by the server (`ssr`) and the browser (`hydrate`).
//!
//! One module per capability (`auth`, `org`, `audit`, `partners`, `customers`, `invitations`,
//! `association`, `agreements`, `authorizations`, `knowledge`, `account`, `operator`,
//! `access_keys`, `funds`, `coupons`, `consumption`, `bills`), each with its shared types, `rules` (pure), `store` (its SQL), `service`
//! (checks, rules, one transaction, audit), `server` (server functions) and pages. Shared pieces
//! in `core` (actor, permissions, errors, i18n, time, money, ids, validation) and `ui`
//! (components). Below the capabilities: `server` (plumbing and the call context), `identity`
//! (who is calling), `scope` (which customers a caller reaches). Above them: `web` (the router)
//! and `api` (the Huawei-compatible REST API).

// Deeply nested view types (tables of forms) exceed the default when the browser build is optimised.
#![recursion_limit = "256"]

pub mod access_keys;
pub mod account;
pub mod agreements;
pub mod api_reference;
pub mod app;
pub mod association;
pub mod audit;
pub mod auth;
pub mod authorizations;
pub mod bills;
pub mod consumption;
pub mod core;
pub mod coupons;
pub mod customers;
pub mod exports;
pub mod funds;
pub mod invitations;
pub mod knowledge;
pub mod operator;
pub mod org;
pub mod partners;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod identity;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod web;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for browser tests: from here on, forms and links go through the client router.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
