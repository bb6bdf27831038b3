//! Weights for `pallet_data_licences`. Placeholder until `scripts/benchmark.sh` generates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_data_licences`.
pub trait WeightInfo {
	fn create_offer() -> Weight;
	fn close_offer() -> Weight;
	fn buy() -> Weight;
	fn renew() -> Weight;
	fn top_up() -> Weight;
	fn register_gateway() -> Weight;
	fn deregister_gateway() -> Weight;
	fn report_usage(n: u32, ) -> Weight;
	fn cleanup(n: u32, ) -> Weight;
}

/// Weights for `pallet_data_licences` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_offer() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(5, 5)) }
	fn close_offer() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(5, 5)) }
	fn buy() -> Weight { Weight::from_parts(300_000_000, 12000).saturating_add(T::DbWeight::get().reads_writes(20, 20)) }
	fn renew() -> Weight { Weight::from_parts(200_000_000, 10000).saturating_add(T::DbWeight::get().reads_writes(12, 10)) }
	fn top_up() -> Weight { Weight::from_parts(200_000_000, 10000).saturating_add(T::DbWeight::get().reads_writes(12, 10)) }
	fn register_gateway() -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(T::DbWeight::get().reads_writes(2, 2)) }
	fn deregister_gateway() -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(T::DbWeight::get().reads_writes(2, 2)) }
	fn report_usage(n: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(20_000_000, 3000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads(1)).saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(n.into())) }
	fn cleanup(n: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(150_000_000, 9000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(2, 1)).saturating_add(T::DbWeight::get().reads_writes(10, 10).saturating_mul(n.into())) }
}

impl WeightInfo for () {
	fn create_offer() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(5, 5)) }
	fn close_offer() -> Weight { Weight::from_parts(100_000_000, 6000).saturating_add(RocksDbWeight::get().reads_writes(5, 5)) }
	fn buy() -> Weight { Weight::from_parts(300_000_000, 12000).saturating_add(RocksDbWeight::get().reads_writes(20, 20)) }
	fn renew() -> Weight { Weight::from_parts(200_000_000, 10000).saturating_add(RocksDbWeight::get().reads_writes(12, 10)) }
	fn top_up() -> Weight { Weight::from_parts(200_000_000, 10000).saturating_add(RocksDbWeight::get().reads_writes(12, 10)) }
	fn register_gateway() -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(RocksDbWeight::get().reads_writes(2, 2)) }
	fn deregister_gateway() -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(RocksDbWeight::get().reads_writes(2, 2)) }
	fn report_usage(n: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(20_000_000, 3000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads(1)).saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(n.into())) }
	fn cleanup(n: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(150_000_000, 9000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads_writes(2, 1)).saturating_add(RocksDbWeight::get().reads_writes(10, 10).saturating_mul(n.into())) }
}
