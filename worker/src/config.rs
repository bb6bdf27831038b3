//! The worker's configuration, by flags or environment.

use std::{net::SocketAddr, path::PathBuf};

#[derive(clap::Parser, Clone, Debug)]
#[command(
	name = "bdes-worker",
	version,
	about = "A BDES compute provider: registers, heartbeats, runs the tasks assigned to it deterministically and reports verifiable results"
)]
pub struct Config {
	/// WebSocket URL of a BDES node.
	#[arg(long, env = "BDES_URL", default_value = "ws://127.0.0.1:9944")]
	pub node: String,
	/// Kubo RPC API URL of an IPFS node: models are fetched from it, outputs added to it.
	#[arg(long, env = "BDES_IPFS", default_value = "http://127.0.0.1:5001")]
	pub ipfs: String,
	/// URL of a data gateway: tasks' inputs are read through it, under the task's read right.
	#[arg(long, env = "BDES_GATEWAY", default_value = "http://127.0.0.1:8088")]
	pub gateway: String,
	/// Secret URI of the provider account. One account per worker: a provider with several
	/// machines runs a worker with its own account on each.
	#[arg(long, env = "BDES_WORKER_SURI")]
	pub suri: String,
	/// Tasks run at once (the capacity registered on chain).
	#[arg(long, env = "BDES_WORKER_CAPACITY", default_value_t = 1)]
	pub capacity: u32,
	/// Price per million fuel, in BDES base units (10^-5 BDES).
	#[arg(long, env = "BDES_WORKER_PRICE", default_value_t = 1_000)]
	pub price: u128,
	/// Bond to hold when registering, in base units (default: the least the capacity needs).
	#[arg(long, env = "BDES_WORKER_BOND")]
	pub bond: Option<u128>,
	/// Directory of the worker's state (reports and salts of open tasks) and model cache.
	#[arg(long, env = "BDES_WORKER_DATA", default_value_os_t = default_data_dir())]
	pub data_dir: PathBuf,
	/// Address of the `/metrics` and `/status` endpoints.
	#[arg(long, env = "BDES_WORKER_LISTEN", default_value = "127.0.0.1:9616")]
	pub listen: SocketAddr,
	/// Testing only: run the code in FILE for model ID instead of the model's code, unchecked.
	/// A worker doing this reports wrong results and is slashed; the end-to-end test uses it
	/// to show exactly that.
	#[arg(long = "substitute-model", value_name = "ID=FILE", hide = true)]
	pub substitutes: Vec<String>,
}

fn default_data_dir() -> PathBuf {
	std::env::var_os("HOME")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from("."))
		.join(".local/share/bdes-worker")
}

impl Config {
	/// The substituted models: id to code.
	pub fn substitutes(&self) -> anyhow::Result<Vec<(u32, Vec<u8>)>> {
		self.substitutes
			.iter()
			.map(|s| {
				let (id, file) = s
					.split_once('=')
					.ok_or_else(|| anyhow::anyhow!("--substitute-model {s}: expected ID=FILE"))?;
				let id = id.parse().map_err(|e| anyhow::anyhow!("--substitute-model {s}: {e}"))?;
				let code = std::fs::read(file)
					.map_err(|e| anyhow::anyhow!("--substitute-model {s}: {e}"))?;
				Ok((id, code))
			})
			.collect()
	}
}
