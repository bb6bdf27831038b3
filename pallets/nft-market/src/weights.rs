//! Weights for `pallet_nft_market`. Placeholder figures until `scripts/benchmark.sh` generates
//! this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_nft_market`.
pub trait WeightInfo {
	fn list() -> Weight;
	fn buy() -> Weight;
	fn cancel_sale() -> Weight;
	fn create_auction() -> Weight;
	fn bid() -> Weight;
	fn cancel_auction() -> Weight;
	fn settle() -> Weight;
	fn abandon() -> Weight;
	fn settle_due(n: u32, ) -> Weight;
}

/// Weights for `pallet_nft_market` with a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn list() -> Weight { Weight::from_parts(80_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(6, 3)) }
	fn buy() -> Weight { Weight::from_parts(300_000_000, 20000).saturating_add(T::DbWeight::get().reads_writes(20, 15)) }
	fn cancel_sale() -> Weight { Weight::from_parts(60_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn create_auction() -> Weight { Weight::from_parts(90_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(8, 7)) }
	fn bid() -> Weight { Weight::from_parts(120_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(8, 8)) }
	fn cancel_auction() -> Weight { Weight::from_parts(80_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(5, 6)) }
	fn settle() -> Weight { Weight::from_parts(300_000_000, 20000).saturating_add(T::DbWeight::get().reads_writes(20, 15)) }
	fn abandon() -> Weight { Weight::from_parts(100_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(8, 8)) }
	fn settle_due(n: u32, ) -> Weight { Weight::from_parts(10_000_000, 1000).saturating_add(Weight::from_parts(300_000_000, 20000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(20, 15).saturating_mul(n.into())) }
}

impl WeightInfo for () {
	fn list() -> Weight { Weight::from_parts(80_000_000, 8000) }
	fn buy() -> Weight { Weight::from_parts(300_000_000, 20000) }
	fn cancel_sale() -> Weight { Weight::from_parts(60_000_000, 6000) }
	fn create_auction() -> Weight { Weight::from_parts(90_000_000, 8000) }
	fn bid() -> Weight { Weight::from_parts(120_000_000, 8000) }
	fn cancel_auction() -> Weight { Weight::from_parts(80_000_000, 6000) }
	fn settle() -> Weight { Weight::from_parts(300_000_000, 20000) }
	fn abandon() -> Weight { Weight::from_parts(100_000_000, 8000) }
	fn settle_due(n: u32, ) -> Weight { Weight::from_parts(10_000_000, 1000).saturating_add(Weight::from_parts(300_000_000, 20000).saturating_mul(n.into())) }
}
