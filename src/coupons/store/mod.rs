//! The SQL of coupons, on the caller's connection: quotas and their records, coupons, and the
//! operation records. Batches write with one statement per table (arrays unnested), so 100
//! coupons cost about what a few single ones do.

pub mod coupons;
pub mod operations;
pub mod owned;
pub mod quotas;

pub use coupons::*;
pub use operations::*;
pub use quotas::*;
