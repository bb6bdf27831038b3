//! Weights for `pallet_feeds`: provisional, until `scripts/benchmark.sh` generates them.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_feeds`.
pub trait WeightInfo {
	fn register_schema(c: u32, ) -> Weight;
	fn propose_feed(c: u32, ) -> Weight;
	fn approve_feed() -> Weight;
	fn reject_feed() -> Weight;
	fn submit_batch_offer() -> Weight;
	fn submit_batch_fixed() -> Weight;
	fn submit_batch_auction() -> Weight;
	fn suspend_feed() -> Weight;
	fn resume_feed() -> Weight;
	fn close_feed() -> Weight;
	fn release_batch() -> Weight;
	fn mark_stale(n: u32, ) -> Weight;
	fn epoch_turn(n: u32, ) -> Weight;
}

/// Weights for `pallet_feeds` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_schema(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn propose_feed(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn approve_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn reject_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_offer() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_fixed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_auction() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn suspend_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn resume_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn close_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn release_batch() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn mark_stale(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
	fn epoch_turn(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(12, 12))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register_schema(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn propose_feed(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn approve_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn reject_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_offer() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_fixed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn submit_batch_auction() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn suspend_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn resume_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn close_feed() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn release_batch() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn mark_stale(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
	fn epoch_turn(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(12, 12))
	}
}
