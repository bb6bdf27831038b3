//! The pallet's logic, one capability a file.

pub mod escrow;
pub mod expiry;
pub mod invariants;
pub mod markets;
pub mod orders;
pub mod price_index;
