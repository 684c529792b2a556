//! The web server's top layer: the router that serves pages, server functions, the API and
//! static files, with the request-level security around them. It depends on every capability;
//! nothing depends on it.

pub mod router;
pub mod security;
pub mod uploads;

pub use router::build;
