//! The connector's configuration: one TOML file for the node, IPFS, the state directory, the
//! status endpoint and the feeds. The operator's secret comes from the environment
//! (`BDES_CONNECTOR_SURI`) rather than the file, so the file can be shared and versioned.

use crate::records::Format;
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
	/// WebSocket URL of a BDES node.
	#[serde(default = "default_node")]
	pub node: String,
	/// Kubo RPC API URL of the IPFS node batches are added to (and pinned on).
	#[serde(default = "default_ipfs")]
	pub ipfs: String,
	/// Directory of the connector's state: each feed's cursor and the batches built but not yet
	/// final on chain (kept as files, so a restart submits the same bytes again).
	pub state: PathBuf,
	/// Address of `/status`, `/metrics` and `/healthz`.
	#[serde(default = "default_listen")]
	pub listen: SocketAddr,
	/// Batches of one feed waiting for finality at once.
	#[serde(default = "default_in_flight")]
	pub max_in_flight: usize,
	/// The operator's age identity (X25519), which opens the content keys of its encrypted
	/// batches; created on first use (default: `identity.txt` in the state directory).
	pub identity: Option<PathBuf>,
	#[serde(rename = "feed", default)]
	pub feeds: Vec<FeedConfig>,
}

/// Where a feed's records come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
	/// GET `url` every `poll_ms`; what it answers is the latest records.
	Http,
	/// A directory: each new file (in name order) is read once.
	Dir,
	/// A long-lived HTTP response of NDJSON lines (`url`), reconnected when it ends.
	Stream,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
	/// The feed's id on chain (its schema is read from there).
	pub id: u32,
	pub source: SourceKind,
	/// For `http` and `stream`.
	pub url: Option<String>,
	/// For `dir`.
	pub path: Option<PathBuf>,
	/// How records are laid out (a stream is always NDJSON).
	#[serde(default = "default_format")]
	pub format: Format,
	/// JSON pointer to the array of records inside a JSON document (`/data/readings`).
	pub pointer: Option<String>,
	/// How often the source is read (a stream: how often what arrived is cut into a batch).
	#[serde(default = "default_poll")]
	pub poll_ms: u64,
	/// Rows a batch holds at most; a second's rows are never split between two batches.
	#[serde(default = "default_max_rows")]
	pub max_rows: usize,
	/// The batch's `source` on chain (default: the URL or path).
	pub label: Option<String>,
	/// Publish the batches as they are (open data). By default each batch is encrypted with
	/// its own content key, which only the operator and `gateways` can open.
	#[serde(default)]
	pub public: bool,
	/// Registered gateways (SS58) that serve the encrypted batches to licensees: each batch's
	/// content key is sealed to their sealing keys on chain.
	#[serde(default)]
	pub gateways: Vec<String>,
}

fn default_node() -> String {
	"ws://127.0.0.1:9944".into()
}
fn default_ipfs() -> String {
	"http://127.0.0.1:5001".into()
}
fn default_listen() -> SocketAddr {
	SocketAddr::from(([127, 0, 0, 1], 9618))
}
fn default_in_flight() -> usize {
	16
}
fn default_format() -> Format {
	Format::Json
}
fn default_poll() -> u64 {
	10_000
}
fn default_max_rows() -> usize {
	100_000
}

impl Config {
	pub fn load(path: &std::path::Path) -> anyhow::Result<Self> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
		Self::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
	}

	pub fn parse(text: &str) -> anyhow::Result<Self> {
		let config: Config = toml::from_str(text)?;
		anyhow::ensure!(config.max_in_flight > 0, "max_in_flight must be at least 1");
		let mut ids = std::collections::BTreeSet::new();
		for feed in &config.feeds {
			anyhow::ensure!(ids.insert(feed.id), "feed {} is configured twice", feed.id);
			anyhow::ensure!(feed.max_rows > 0, "feed {}: max_rows must be at least 1", feed.id);
			anyhow::ensure!(feed.poll_ms > 0, "feed {}: poll_ms must be at least 1", feed.id);
			match feed.source {
				SourceKind::Http | SourceKind::Stream => anyhow::ensure!(
					feed.url.is_some(),
					"feed {}: a {:?} source needs a url",
					feed.id,
					feed.source
				),
				SourceKind::Dir => {
					anyhow::ensure!(
						feed.path.is_some(),
						"feed {}: a dir source needs a path",
						feed.id
					)
				},
			}
		}
		for feed in &config.feeds {
			anyhow::ensure!(
				!feed.public || feed.gateways.is_empty(),
				"feed {}: a public feed is not encrypted, so it has no gateways to seal keys to",
				feed.id
			);
			// How many the chain takes is checked against its `MaxBatchKeys` as the feed starts.
			let mut gateways = std::collections::BTreeSet::new();
			for gateway in &feed.gateways {
				let account = gateway.parse::<subxt::utils::AccountId32>().map_err(|e| {
					anyhow::anyhow!(
						"feed {}: gateway {gateway:?} is not an SS58 address: {e}",
						feed.id
					)
				})?;
				anyhow::ensure!(
					gateways.insert(account.0),
					"feed {}: gateway {gateway} is listed twice",
					feed.id
				);
			}
		}
		anyhow::ensure!(!config.feeds.is_empty(), "no [[feed]] configured");
		Ok(config)
	}

	/// Where the operator's age identity is kept.
	pub fn identity_path(&self) -> PathBuf {
		self.identity.clone().unwrap_or_else(|| self.state.join("identity.txt"))
	}
}

impl FeedConfig {
	pub fn poll(&self) -> Duration {
		Duration::from_millis(self.poll_ms)
	}

	pub fn format(&self) -> Format {
		if self.source == SourceKind::Stream {
			Format::Ndjson
		} else {
			self.format
		}
	}

	/// What the chain records as the batches' source.
	pub fn label(&self) -> String {
		self.label.clone().unwrap_or_else(|| match (&self.url, &self.path) {
			(Some(url), _) => url.clone(),
			(None, Some(path)) => path.display().to_string(),
			(None, None) => String::new(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_file_with_three_kinds_of_source() {
		let config = Config::parse(
			r#"
			node = "ws://127.0.0.1:9944"
			state = "/tmp/state"
			[[feed]]
			id = 0
			source = "http"
			url = "http://127.0.0.1:8000/readings.json"
			pointer = "/readings"
			poll_ms = 500
			[[feed]]
			id = 1
			source = "dir"
			path = "/data/in"
			format = "csv"
			[[feed]]
			id = 2
			source = "stream"
			url = "http://127.0.0.1:8000/stream"
			format = "csv"
			public = true
			"#,
		)
		.unwrap();
		assert_eq!(config.feeds.len(), 3);
		assert_eq!(config.ipfs, "http://127.0.0.1:5001");
		assert_eq!(config.feeds[0].poll(), Duration::from_millis(500));
		assert_eq!(config.feeds[1].format(), Format::Csv);
		assert_eq!(config.feeds[1].label(), "/data/in");
		assert_eq!(config.feeds[2].format(), Format::Ndjson);
		// Encrypted unless public; the identity beside the state.
		assert!(!config.feeds[0].public && config.feeds[2].public);
		assert_eq!(config.identity_path(), PathBuf::from("/tmp/state/identity.txt"));
	}

	#[test]
	fn mistakes_are_named() {
		let err = |text: &str| Config::parse(text).unwrap_err().to_string();
		assert!(err("state = \"/s\"\n[[feed]]\nid = 0\nsource = \"http\"").contains("needs a url"));
		assert!(err("state = \"/s\"").contains("no [[feed]]"));
		assert!(err("state = \"/s\"\n[[feed]]\nid = 0\nsource = \"dir\"\npath = \"/a\"\n[[feed]]\nid = 0\nsource = \"dir\"\npath = \"/b\"").contains("twice"));
		assert!(err("state = \"/s\"\nsuri = \"//Alice\"").contains("unknown field"));
		let feed = "state = \"/s\"\n[[feed]]\nid = 0\nsource = \"dir\"\npath = \"/a\"\n";
		assert!(err(&format!("{feed}gateways = [\"nope\"]")).contains("not an SS58 address"));
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		assert!(
			err(&format!("{feed}public = true\ngateways = [\"{alice}\"]")).contains("public feed")
		);
		assert!(Config::parse(&format!("{feed}gateways = [\"{alice}\"]")).is_ok());
		assert!(err(&format!("{feed}gateways = [\"{alice}\", \"{alice}\"]")).contains("twice"));
	}
}
