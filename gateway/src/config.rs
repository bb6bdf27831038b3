//! Configuration, by flags or environment.

use std::{net::SocketAddr, time::Duration};

#[derive(clap::Parser, Clone, Debug)]
#[command(
	name = "bdes-gateway",
	version,
	about = "Serves licensed BDES datasets from IPFS to signed requests and meters their calls on chain"
)]
pub struct Config {
	/// Address to listen on.
	#[arg(long, env = "BDES_GATEWAY_LISTEN", default_value = "127.0.0.1:8088")]
	pub listen: SocketAddr,
	/// WebSocket URL of a BDES node.
	#[arg(long, env = "BDES_URL", default_value = "ws://127.0.0.1:9944")]
	pub node: String,
	/// Kubo RPC API URL of the IPFS node holding the data.
	#[arg(long, env = "BDES_IPFS", default_value = "http://127.0.0.1:5001")]
	pub ipfs: String,
	/// Secret URI of the gateway's operator account (registered as a gateway by the Council;
	/// `//Ferdie` on a development chain). It signs the usage batches.
	#[arg(long, env = "BDES_GATEWAY_SURI")]
	pub operator_suri: String,
	/// Requests whose timestamp is further than this from the gateway's clock are refused.
	#[arg(long, env = "BDES_GATEWAY_WINDOW_SECS", default_value_t = 60)]
	pub window_secs: u64,
	/// How long a licence check from the chain is reused, in milliseconds.
	#[arg(long, env = "BDES_GATEWAY_CACHE_MS", default_value_t = 2_000)]
	pub cache_ms: u64,
	/// How often served calls are reported on chain, in milliseconds.
	#[arg(long, env = "BDES_GATEWAY_FLUSH_MS", default_value_t = 3_000)]
	pub flush_ms: u64,
	/// Requests per second one account may make (burst: twice as many).
	#[arg(long, env = "BDES_GATEWAY_RATE", default_value_t = 50)]
	pub rate_per_sec: u32,
	/// Worker threads serving requests; 0 for one per core. On a small machine that also runs
	/// the IPFS node, fewer threads leave it more CPU.
	#[arg(long, env = "BDES_GATEWAY_THREADS", default_value_t = 0)]
	pub worker_threads: usize,
	/// Deadline for IPFS to start answering, in seconds.
	#[arg(long, env = "BDES_GATEWAY_IPFS_TIMEOUT_SECS", default_value_t = 30)]
	pub ipfs_timeout_secs: u64,
}

impl Config {
	pub fn window(&self) -> Duration {
		Duration::from_secs(self.window_secs)
	}
	pub fn cache_ttl(&self) -> Duration {
		Duration::from_millis(self.cache_ms)
	}
	pub fn flush_every(&self) -> Duration {
		Duration::from_millis(self.flush_ms.max(100))
	}
}
