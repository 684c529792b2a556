//! Coupon pages (being written).
