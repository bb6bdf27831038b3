//! The pallet's logic, one capability a file.

pub mod auctions;
pub mod common;
pub mod invariants;
pub mod sales;
