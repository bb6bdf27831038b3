//! Weights for `pallet_collator_rewards`.
//!
//! Shaped as `frame-omni-bencher` output for the `note_author` benchmark in `benchmarking.rs`.
//! The storage accounting (reads, writes, proof size) is exact for that code path; the reference
//! time is an estimate (a balance transfer plus one storage value) until the benchmark is run on
//! reference hardware with `scripts/benchmark.sh`, which overwrites this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_collator_rewards`.
pub trait WeightInfo {
	fn note_author() -> Weight;
}

/// Weights for `pallet_collator_rewards` using a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `CollatorRewards::TotalPaid` (r:1 w:1)
	/// Proof: `CollatorRewards::TotalPaid` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn note_author() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `207`
		//  Estimated: `6196`
		Weight::from_parts(62_000_000, 6196)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn note_author() -> Weight {
		Weight::from_parts(62_000_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
