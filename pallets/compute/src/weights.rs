//! Weights for `pallet_compute`.
//!
//! Not benchmarked yet: the pallet is not in the runtime, and these conservative figures
//! (a millisecond of compute and 20 reads and writes a call, more per provider looked at) only
//! serve the pallet's tests. `benchmarking.rs` and `scripts/benchmark.sh` replace them when the
//! pallet joins the runtime.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_compute`.
pub trait WeightInfo {
	fn register_model() -> Weight;
	fn approve_model() -> Weight;
	fn retire_model() -> Weight;
	fn register_provider() -> Weight;
	fn heartbeat() -> Weight;
	fn deregister_provider() -> Weight;
	fn claim_standby() -> Weight;
	fn post_task(k: u32, looks: u32) -> Weight;
	fn accept() -> Weight;
	fn replace(looks: u32) -> Weight;
	fn commit_result() -> Weight;
	fn reveal_result() -> Weight;
	fn finalize() -> Weight;
	fn mint_result() -> Weight;
	fn epoch_turn() -> Weight;
}

impl WeightInfo for () {
	fn register_model() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn approve_model() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn retire_model() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn register_provider() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn deregister_provider() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn claim_standby() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn post_task(k: u32, looks: u32) -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
			.saturating_add(Weight::from_parts(100_000_000, 4_000).saturating_mul(k.into()))
			.saturating_add(Weight::from_parts(50_000_000, 600).saturating_mul(looks.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads(1).saturating_mul(looks.into()))
	}
	fn accept() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn replace(looks: u32) -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
			.saturating_add(Weight::from_parts(50_000_000, 600).saturating_mul(looks.into()))
			.saturating_add(RocksDbWeight::get().reads(1).saturating_mul(looks.into()))
	}
	fn commit_result() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn reveal_result() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn finalize() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn mint_result() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn epoch_turn() -> Weight {
		Weight::from_parts(1_000_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
}
