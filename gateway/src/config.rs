//! Configuration, by flags or environment.

use crate::meter::MeterConfig;
use std::{net::SocketAddr, time::Duration};

#[derive(clap::Parser, Clone, Debug)]
#[command(
	name = "bdes-gateway",
	version,
	about = "Serves licensed BDES datasets from IPFS to signed requests and settles their usage vouchers on chain"
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
	/// `//Ferdie` on a development chain). Clients sign for this account; it submits the
	/// usage vouchers.
	#[arg(long, env = "BDES_GATEWAY_SURI")]
	pub operator_suri: String,
	/// The gateway's age identity (X25519): asset owners seal content keys to its public half,
	/// which the gateway registers on chain at start. Created (mode 0600) if missing; default
	/// ~/.config/bdes/gateway-identity.txt. Without a file (tests) a fresh one lives in memory.
	#[arg(long, env = "BDES_GATEWAY_IDENTITY")]
	pub identity: Option<std::path::PathBuf>,
	/// Requests whose timestamp is further than this from the gateway's clock are refused.
	#[arg(long, env = "BDES_GATEWAY_WINDOW_SECS", default_value_t = 60)]
	pub window_secs: u64,
	/// A voucher must stay valid at least this long (so it can be settled), in seconds.
	#[arg(long, env = "BDES_GATEWAY_VOUCHER_MIN_SECS", default_value_t = 600)]
	pub voucher_min_secs: u64,
	/// A voucher may stay valid at most this long, in seconds.
	#[arg(long, env = "BDES_GATEWAY_VOUCHER_MAX_SECS", default_value_t = 86_400)]
	pub voucher_max_secs: u64,
	/// How long a licence check from the chain is reused, in milliseconds.
	#[arg(long, env = "BDES_GATEWAY_CACHE_MS", default_value_t = 2_000)]
	pub cache_ms: u64,
	/// How long a refusal (unknown licence or asset, not the holder, expired…) is reused, in
	/// milliseconds.
	#[arg(long, env = "BDES_GATEWAY_NEGATIVE_CACHE_MS", default_value_t = 5_000)]
	pub negative_cache_ms: u64,
	/// Licences whose chain answers are cached.
	#[arg(long, env = "BDES_GATEWAY_CACHED_LICENCES", default_value_t = 65_536)]
	pub cached_licences: usize,
	/// Licences with counters and unsettled vouchers at once (beyond: 503 busy).
	#[arg(long, env = "BDES_GATEWAY_MAX_LEDGERS", default_value_t = 65_536)]
	pub max_ledgers: usize,
	/// How often served calls are settled on chain, in milliseconds.
	#[arg(long, env = "BDES_GATEWAY_FLUSH_MS", default_value_t = 3_000)]
	pub flush_ms: u64,
	/// Deadline of one usage batch (submitted until final), in seconds; past it the batch is
	/// submitted again.
	#[arg(long, env = "BDES_GATEWAY_SETTLE_TIMEOUT_SECS", default_value_t = 60)]
	pub settle_timeout_secs: u64,
	/// On SIGINT or SIGTERM: how long in-flight responses may take, then how long settling
	/// what is pending may take, in seconds each.
	#[arg(long, env = "BDES_GATEWAY_SHUTDOWN_SECS", default_value_t = 60)]
	pub shutdown_secs: u64,
	/// Requests per second one account may make (burst: twice as many).
	#[arg(long, env = "BDES_GATEWAY_RATE", default_value_t = 50)]
	pub rate_per_sec: u32,
	/// Requests per second one source address may make (burst: twice as many); checked before
	/// any signature.
	#[arg(long, env = "BDES_GATEWAY_IP_RATE", default_value_t = 100)]
	pub ip_rate_per_sec: u32,
	/// Signature checks per second, in all, for requests from addresses that have not been
	/// served lately (burst: twice as many). A flood from many addresses costs at most this
	/// much CPU; clients already served keep their own buckets.
	#[arg(long, env = "BDES_GATEWAY_STRANGER_VERIFY_RATE", default_value_t = 500)]
	pub stranger_verify_rate: u32,
	/// Chain lookups per second for one licence by accounts other than its known holder.
	#[arg(long, env = "BDES_GATEWAY_LICENCE_LOOKUP_RATE", default_value_t = 5)]
	pub licence_lookup_rate: u32,
	/// Chain lookups for unknown accounts, licences or assets running at once.
	#[arg(long, env = "BDES_GATEWAY_LOOKUPS", default_value_t = 16)]
	pub lookups: usize,
	/// Deadline of a chain lookup, in seconds.
	#[arg(long, env = "BDES_GATEWAY_RPC_TIMEOUT_SECS", default_value_t = 10)]
	pub rpc_timeout_secs: u64,
	/// Worker threads serving requests; 0 for one per core. On a small machine that also runs
	/// the IPFS node, fewer threads leave it more CPU.
	#[arg(long, env = "BDES_GATEWAY_THREADS", default_value_t = 0)]
	pub worker_threads: usize,
	/// Deadline for IPFS to start answering, in seconds.
	#[arg(long, env = "BDES_GATEWAY_IPFS_TIMEOUT_SECS", default_value_t = 30)]
	pub ipfs_timeout_secs: u64,
}

impl Config {
	/// The defaults, for a node at `node`, IPFS at `ipfs` and operator `operator_suri`.
	pub fn new(node: &str, ipfs: &str, operator_suri: &str) -> Self {
		use clap::Parser;
		Self::parse_from([
			"bdes-gateway",
			"--node",
			node,
			"--ipfs",
			ipfs,
			"--operator-suri",
			operator_suri,
		])
	}
	pub fn window(&self) -> Duration {
		Duration::from_secs(self.window_secs)
	}
	pub fn voucher_life(&self) -> (Duration, Duration) {
		(Duration::from_secs(self.voucher_min_secs), Duration::from_secs(self.voucher_max_secs))
	}
	pub fn flush_every(&self) -> Duration {
		Duration::from_millis(self.flush_ms.max(100))
	}
	pub fn settle_timeout(&self) -> Duration {
		Duration::from_secs(self.settle_timeout_secs.max(1))
	}
	pub fn shutdown_timeout(&self) -> Duration {
		Duration::from_secs(self.shutdown_secs)
	}
	pub fn rpc_timeout(&self) -> Duration {
		Duration::from_secs(self.rpc_timeout_secs.max(1))
	}
	pub fn meter(&self) -> MeterConfig {
		MeterConfig {
			ttl: Duration::from_millis(self.cache_ms),
			negative_ttl: Duration::from_millis(self.negative_cache_ms),
			licences: self.cached_licences,
			negatives: (self.cached_licences / 4).max(1_024),
			ledgers: self.max_ledgers,
			max_in_flight: 16,
			window_ms: self.window_secs.saturating_mul(1_000),
		}
	}
}
