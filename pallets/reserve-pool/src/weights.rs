//! Weights for `pallet_reserve_pool`: provisional figures until `scripts/benchmark.sh` is run
//! for this pallet (it replaces this file).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_reserve_pool`.
pub trait WeightInfo {
	fn set_shares() -> Weight;
	fn note_author() -> Weight;
	fn settle(c: u32, a: u32, k: u32, ) -> Weight;
}

/// Weights for `pallet_reserve_pool` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_shares() -> Weight {
		Weight::from_parts(20_000_000, 1_500)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn note_author() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn settle(c: u32, a: u32, k: u32, ) -> Weight {
		Weight::from_parts(300_000_000, 10_000)
			.saturating_add(Weight::from_parts(80_000_000, 2_603).saturating_mul(c.saturating_add(a).saturating_add(k).into()))
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(c.saturating_add(a).saturating_add(k).into())))
			.saturating_add(T::DbWeight::get().writes(20_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(c.saturating_add(a).saturating_add(k).into())))
	}
}

// For tests and mocks: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn set_shares() -> Weight {
		Weight::from_parts(20_000_000, 1_500)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn note_author() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn settle(c: u32, a: u32, k: u32, ) -> Weight {
		Weight::from_parts(300_000_000, 10_000)
			.saturating_add(Weight::from_parts(80_000_000, 2_603).saturating_mul(c.saturating_add(a).saturating_add(k).into()))
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(c.saturating_add(a).saturating_add(k).into())))
			.saturating_add(RocksDbWeight::get().writes(20_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(c.saturating_add(a).saturating_add(k).into())))
	}
}
