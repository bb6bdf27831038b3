//! `bdes-node`: the BDES collator node.
//!
//! A thin binary over `polkadot-omni-node-lib` (the node libraries polkadot-sdk ships for Aura
//! parachains) with BDES's built-in chain specs. Everything else, the collator service, the
//! development mode (`--dev`, blocks without a relay chain), RPC and offchain workers, comes from
//! the library, so the node does not depend on runtime code beyond the embedded WASM.

#![warn(missing_docs)]

mod bench;
mod chain_spec;
mod database;

// Keep the jemalloc global allocator linked in.
#[cfg(target_os = "linux")]
extern crate polkadot_jemalloc_shim;

use polkadot_omni_node_lib::{
	run_with_custom_cli, runtime::DefaultRuntimeResolver, CliConfig as CliConfigT, RunConfig,
	NODE_VERSION,
};

struct CliConfig;

impl CliConfigT for CliConfig {
	fn impl_version() -> String {
		let commit_hash = env!("SUBSTRATE_CLI_COMMIT_HASH");
		format!("{}-{commit_hash} (omni-node-lib {NODE_VERSION})", env!("CARGO_PKG_VERSION"))
	}

	fn description(executable_name: String) -> String {
		format!(
			"BDES collator node.\n\n\
			Built-in chains: `dev` (one collator, runs alone with --dev), `local` (two collators), \
			`production`; or a chain spec file.\n\
			Arguments after `--` go to the embedded relay chain node.\n\n\
			Example:\n  {executable_name} --collator --chain local --base-path /tmp/bdes -- --chain relay.json"
		)
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/bdes-chain/bdes/issues/new".into()
	}

	fn copyright_start_year() -> u16 {
		2026
	}
}

fn main() -> color_eyre::eyre::Result<()> {
	#[cfg(unix)]
	if let Some(args) = database::with_default_database(&std::env::args_os().collect::<Vec<_>>()) {
		use std::os::unix::process::CommandExt;
		// `exec` keeps the process id, so service managers and signals still reach the node.
		let mut node = std::process::Command::new(std::env::current_exe()?);
		if let Some(name) = args.first() {
			node.arg0(name);
		}
		let error = node.args(args.iter().skip(1)).exec();
		return Err(error.into());
	}
	color_eyre::install()?;
	let config =
		RunConfig::new(Box::new(DefaultRuntimeResolver), Box::new(chain_spec::BdesChainSpecLoader));
	Ok(run_with_custom_cli::<CliConfig, bench::BdesSubcommand>(config)?)
}
