//! Weights for `pallet_data_assets`.
//!
//! Shaped as `frame-omni-bencher` output for the benchmarks in `benchmarking.rs`. The storage
//! reads and writes follow each call's worst path; reference times and proof sizes are
//! estimates until `scripts/benchmark.sh` is run on reference hardware, which overwrites this
//! file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_data_assets`.
pub trait WeightInfo {
	fn submit() -> Weight;
	fn approve_listing() -> Weight;
	fn approve_revision() -> Weight;
	fn reject() -> Weight;
	fn delist() -> Weight;
	fn suspend() -> Weight;
	fn restore() -> Weight;
	fn submit_revision() -> Weight;
	fn rate() -> Weight;
	fn register_pinner() -> Weight;
	fn deregister_pinner() -> Weight;
	fn set_replication_target() -> Weight;
	fn report_pins(n: u32) -> Weight;
	fn remove() -> Weight;
}

/// Weights for `pallet_data_assets` using a runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn submit() -> Weight {
		Weight::from_parts(95_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn approve_listing() -> Weight {
		Weight::from_parts(160_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	fn approve_revision() -> Weight {
		Weight::from_parts(120_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn reject() -> Weight {
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn delist() -> Weight {
		Weight::from_parts(80_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(25_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn restore() -> Weight {
		Weight::from_parts(25_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn submit_revision() -> Weight {
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn rate() -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn register_pinner() -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn deregister_pinner() -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_replication_target() -> Weight {
		Weight::from_parts(8_000_000, 0)
			.saturating_add(T::DbWeight::get().reads(0_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn report_pins(n: u32) -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 4000).saturating_mul(n.into()))
	}
	fn remove() -> Weight {
		Weight::from_parts(110_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn submit() -> Weight {
		Weight::from_parts(95_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn approve_listing() -> Weight {
		Weight::from_parts(160_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn approve_revision() -> Weight {
		Weight::from_parts(120_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn reject() -> Weight {
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn delist() -> Weight {
		Weight::from_parts(80_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(25_000_000, 3000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn restore() -> Weight {
		Weight::from_parts(25_000_000, 3000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn submit_revision() -> Weight {
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn rate() -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn register_pinner() -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn deregister_pinner() -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn set_replication_target() -> Weight {
		Weight::from_parts(8_000_000, 0)
			.saturating_add(RocksDbWeight::get().reads(0_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn report_pins(n: u32) -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(Weight::from_parts(45_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((6_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 4000).saturating_mul(n.into()))
	}
	fn remove() -> Weight {
		Weight::from_parts(110_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
}
