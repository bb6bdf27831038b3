//! Weights for `pallet_order_book`. Placeholder figures until `scripts/benchmark.sh` generates
//! this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_order_book`.
pub trait WeightInfo {
	fn create_market() -> Weight;
	fn set_params() -> Weight;
	fn set_status() -> Weight;
	fn update_list(a: u32, r: u32, ) -> Weight;
	fn place_limit(d: u32, f: u32, ) -> Weight;
	fn place_market(d: u32, f: u32, ) -> Weight;
	fn cancel() -> Weight;
	fn cleanup(n: u32, ) -> Weight;
}

/// Weights for `pallet_order_book` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_market() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 2)) }
	fn set_params() -> Weight { Weight::from_parts(30_000_000, 3000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn set_status() -> Weight { Weight::from_parts(30_000_000, 3000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn update_list(a: u32, r: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul((a + r).into())).saturating_add(T::DbWeight::get().writes((a + r).into())) }
	fn place_limit(_d: u32, f: u32, ) -> Weight { Weight::from_parts(200_000_000, 20000).saturating_add(Weight::from_parts(250_000_000, 20000).saturating_mul(f.into())).saturating_add(T::DbWeight::get().reads_writes(20, 15)).saturating_add(T::DbWeight::get().reads_writes(15, 15).saturating_mul(f.into())) }
	fn place_market(_d: u32, f: u32, ) -> Weight { Weight::from_parts(100_000_000, 10000).saturating_add(Weight::from_parts(250_000_000, 20000).saturating_mul(f.into())).saturating_add(T::DbWeight::get().reads_writes(10, 5)).saturating_add(T::DbWeight::get().reads_writes(15, 15).saturating_mul(f.into())) }
	fn cancel() -> Weight { Weight::from_parts(150_000_000, 15000).saturating_add(T::DbWeight::get().reads_writes(12, 12)) }
	fn cleanup(n: u32, ) -> Weight { Weight::from_parts(10_000_000, 3000).saturating_add(Weight::from_parts(150_000_000, 15000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(12, 12).saturating_mul(n.into())) }
}

impl WeightInfo for () {
	fn create_market() -> Weight { Weight::from_parts(50_000_000, 4000) }
	fn set_params() -> Weight { Weight::from_parts(30_000_000, 3000) }
	fn set_status() -> Weight { Weight::from_parts(30_000_000, 3000) }
	fn update_list(a: u32, r: u32, ) -> Weight { Weight::from_parts(20_000_000, 3000).saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul((a + r).into())) }
	fn place_limit(_d: u32, f: u32, ) -> Weight { Weight::from_parts(200_000_000, 20000).saturating_add(Weight::from_parts(250_000_000, 20000).saturating_mul(f.into())) }
	fn place_market(_d: u32, f: u32, ) -> Weight { Weight::from_parts(100_000_000, 10000).saturating_add(Weight::from_parts(250_000_000, 20000).saturating_mul(f.into())) }
	fn cancel() -> Weight { Weight::from_parts(150_000_000, 15000) }
	fn cleanup(n: u32, ) -> Weight { Weight::from_parts(10_000_000, 3000).saturating_add(Weight::from_parts(150_000_000, 15000).saturating_mul(n.into())) }
}
