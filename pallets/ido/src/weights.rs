//! Weights of `pallet_ido`.
//!
//! PROVISIONAL: not benchmarked yet. The pallet is not in the runtime; its benchmarks and
//! generated weights come with its runtime integration (issue 14). The figures below are the
//! database accesses each call makes, counted from the code, at RocksDB's weights, with a
//! compute term taken from comparable benchmarked calls of the order book and revenue shares.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_ido`.
pub trait WeightInfo {
	fn propose() -> Weight;
	fn approve() -> Weight;
	fn reject() -> Weight;
	fn commit() -> Weight;
	fn withdraw() -> Weight;
	fn settle(n: u32) -> Weight;
	fn settle_stopped(n: u32) -> Weight;
	fn settle_failed(n: u32) -> Weight;
	fn release_tranche() -> Weight;
	fn stop() -> Weight;
	fn claim() -> Weight;
}

/// Weights with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn propose() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads_writes(12, 9))
	}
	fn approve() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn reject() -> Weight {
		Weight::from_parts(150_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads_writes(9, 9))
	}
	fn commit() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn settle(n: u32) -> Weight {
		Weight::from_parts(250_000_000, 14_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 9))
			.saturating_add(
				Weight::from_parts(700_000_000, 16_000)
					.saturating_add(T::DbWeight::get().reads_writes(16, 14))
					.saturating_mul(n.into()),
			)
	}
	fn settle_stopped(n: u32) -> Weight {
		<Self as WeightInfo>::settle(n)
	}
	fn settle_failed(n: u32) -> Weight {
		<Self as WeightInfo>::settle(n)
	}
	fn release_tranche() -> Weight {
		Weight::from_parts(120_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn stop() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn claim() -> Weight {
		Weight::from_parts(700_000_000, 16_000)
			.saturating_add(T::DbWeight::get().reads_writes(18, 15))
	}
}

impl WeightInfo for () {
	fn propose() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads_writes(12, 9))
	}
	fn approve() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn reject() -> Weight {
		Weight::from_parts(150_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads_writes(9, 9))
	}
	fn commit() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 5))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn settle(n: u32) -> Weight {
		Weight::from_parts(250_000_000, 14_000)
			.saturating_add(RocksDbWeight::get().reads_writes(10, 9))
			.saturating_add(
				Weight::from_parts(700_000_000, 16_000)
					.saturating_add(RocksDbWeight::get().reads_writes(16, 14))
					.saturating_mul(n.into()),
			)
	}
	fn settle_stopped(n: u32) -> Weight {
		<() as WeightInfo>::settle(n)
	}
	fn settle_failed(n: u32) -> Weight {
		<() as WeightInfo>::settle(n)
	}
	fn release_tranche() -> Weight {
		Weight::from_parts(120_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn stop() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn claim() -> Weight {
		Weight::from_parts(700_000_000, 16_000)
			.saturating_add(RocksDbWeight::get().reads_writes(18, 15))
	}
}
