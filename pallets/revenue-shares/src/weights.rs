//! Weights for `pallet_revenue_shares`. Placeholder until `scripts/benchmark.sh` generates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_revenue_shares`.
pub trait WeightInfo {
	fn issue() -> Weight;
	fn stake() -> Weight;
	fn unstake() -> Weight;
	fn claim() -> Weight;
	fn contribute() -> Weight;
	fn take_over_lock() -> Weight;
}

/// Weights for `pallet_revenue_shares` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn issue() -> Weight { Weight::from_parts(250_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(12, 12)) }
	fn stake() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(6, 5)) }
	fn unstake() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(6, 5)) }
	fn claim() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(5, 5)) }
	fn contribute() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn take_over_lock() -> Weight { Weight::from_parts(200_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(10, 10)) }
}

impl WeightInfo for () {
	fn issue() -> Weight { Weight::from_parts(250_000_000, 8000).saturating_add(RocksDbWeight::get().reads_writes(12, 12)) }
	fn stake() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(6, 5)) }
	fn unstake() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(6, 5)) }
	fn claim() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(5, 5)) }
	fn contribute() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(4, 4)) }
	fn take_over_lock() -> Weight { Weight::from_parts(200_000_000, 9000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)) }
}
