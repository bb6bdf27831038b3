//! Weights of the SDK pallets BDES's calls are compared with (README, "Throughput"), measured in
//! the same `scripts/benchmark.sh` run as BDES's own pallets, on the same machine, so the runtime
//! charges both sides by one measurement.

//! The transaction extensions every extrinsic runs (`frame_system_extensions`,
//! `cumulus_pallet_weight_reclaim`, `pallet_transaction_payment`) are measured in that run too,
//! with the runtime's database weights: an extrinsic's fixed cost is charged as this machine and
//! ParityDB measure it, not by the SDK's defaults (RocksDB's figures).

pub mod cumulus_pallet_weight_reclaim;
pub mod frame_system_extensions;
pub mod pallet_assets;
pub mod pallet_balances;
pub mod pallet_nfts;
pub mod pallet_transaction_payment;
