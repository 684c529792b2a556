//! Sales › Customers pages: the list and a customer's overview.

mod list;
mod overview;

pub use list::Customers;
pub use overview::CustomerDetailPage;
