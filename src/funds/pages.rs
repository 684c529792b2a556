//! Funds pages (being written).
