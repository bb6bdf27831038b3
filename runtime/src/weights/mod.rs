//! Weights of the SDK pallets BDES's calls are compared with (README, "Throughput"), measured in
//! the same `scripts/benchmark.sh` run as BDES's own pallets, on the same machine, so the runtime
//! charges both sides by one measurement.

pub mod pallet_assets;
pub mod pallet_balances;
pub mod pallet_nfts;
