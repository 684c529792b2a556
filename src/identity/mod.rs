//! Who is calling: the session's principal and its lifetimes, the active account behind it with
//! its permission items and data scope (cached briefly, see `server::cache`), and the portal's
//! door that turns a request into the [`Call`](crate::server::Call) services take.
//!
//! Below every capability that checks a caller; it knows accounts, members and roles only as far
//! as loading an actor needs.

pub mod portal;
pub mod session;
pub mod store;

pub use portal::{call, door, Door};
