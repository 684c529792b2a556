//! Integration tests against real PostgreSQL: one fresh database per test (`#[sqlx::test]`), the
//! whole router driven in-process, as a browser or script would drive it over HTTP.

mod api;
mod attacks;
mod attacks_money;
mod audit;
mod auth;
mod bills;
mod consumption;
mod coupons;
mod customer_keys;
mod customer_keys_api;
mod customers;
mod export_more;
mod export_summary;
mod exports;
mod figures;
mod funds;
mod harness;
mod hostile;
mod import;
mod ingest;
mod ledger;
mod money_api;
mod money_api_coupons;
mod money_api_funds;
mod money_api_quotas;
mod money_api_reach;
mod money_concurrency;
mod org;
mod permissions;
mod relationships;
mod rollups;
