//! `bdes-node benchmark-pallet` and `benchmark-overhead`: FRAME benchmarks of a runtime WASM
//! built with `runtime-benchmarks`, as `frame-omni-bencher v1 benchmark pallet|overhead` run them.
//!
//! The omni-node library only offers `benchmark pallet` when the whole node is built with
//! `runtime-benchmarks` (which rebuilds polkadot-service and its tree: over an hour here), and
//! installing frame-omni-bencher builds that tree a second time. The runner only needs the WASM,
//! so it lives here, sharing the node's build.

use clap::Subcommand;
use frame_benchmarking_cli::{OpaqueBlock, OverheadCmd, PalletCmd};
use polkadot_omni_node_lib::{extra_subcommand::ExtraSubcommand, RunConfig};
use sp_runtime::traits::BlakeTwo256;

/// Host functions a parachain runtime imports beyond the standard set.
type HostFunctions = cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions;

/// BDES's own subcommands.
#[derive(Debug, Subcommand)]
pub enum BdesSubcommand {
	/// Benchmark pallets of a runtime WASM built with `runtime-benchmarks` (`--runtime FILE`) and
	/// write their weights, as `frame-omni-bencher v1 benchmark pallet` does.
	BenchmarkPallet(Box<PalletCmd>),
	/// Measure the block and extrinsic base weights of a runtime WASM (`--runtime FILE`) on this
	/// machine and write them, as `frame-omni-bencher v1 benchmark overhead` does.
	BenchmarkOverhead(Box<OverheadCmd>),
}

impl ExtraSubcommand for BdesSubcommand {
	fn handle(self, _cfg: &RunConfig) -> sc_cli::Result<()> {
		match self {
			BdesSubcommand::BenchmarkPallet(cmd) => {
				cmd.run_with_spec::<BlakeTwo256, HostFunctions>(None)
			},
			BdesSubcommand::BenchmarkOverhead(cmd) => {
				cmd.run_with_default_builder_and_spec::<OpaqueBlock, HostFunctions>(None)
			},
		}
	}
}
