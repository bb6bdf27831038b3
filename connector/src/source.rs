//! The connectors: HTTP polling, a watched directory, and an NDJSON stream over a long-lived
//! HTTP response. Each read gives bytes in the feed's format, and says whether they are
//! complete (a file is; a poll or a stretch of a stream may end inside a second whose other
//! rows are still to come, so that second is held back until a later one is seen).

use crate::{config::FeedConfig, state::FeedState};
use futures::StreamExt;
use std::{
	collections::BTreeSet,
	path::PathBuf,
	sync::{Arc, Mutex},
	time::Duration,
};

/// What one read of a source gave.
pub struct Read {
	pub bytes: Vec<u8>,
	/// A directory source's file name, to mark read with the batch.
	pub file: Option<String>,
	/// The bytes hold every record of the seconds they cover.
	pub complete: bool,
}

/// What a stream's reader task shares with the feed.
#[derive(Default)]
pub struct Inbox {
	bytes: Vec<u8>,
	error: Option<String>,
	connected: bool,
}

pub enum Source {
	Http { client: reqwest::Client, url: String },
	Dir { path: PathBuf },
	Stream { inbox: Arc<Mutex<Inbox>>, reader: tokio::task::JoinHandle<()> },
}

impl Drop for Source {
	fn drop(&mut self) {
		if let Source::Stream { reader, .. } = self {
			reader.abort();
		}
	}
}

/// Bytes a stream may hold between two cuts; beyond it the oldest complete lines are dropped
/// (and counted) rather than growing without bound.
const MAX_INBOX: usize = 64 << 20;

impl Source {
	pub fn new(feed: &FeedConfig) -> anyhow::Result<Self> {
		use crate::config::SourceKind;
		let client = || {
			reqwest::Client::builder()
				.connect_timeout(Duration::from_secs(10))
				.build()
				.map_err(anyhow::Error::from)
		};
		Ok(match feed.source {
			SourceKind::Http => {
				Source::Http { client: client()?, url: feed.url.clone().unwrap_or_default() }
			},
			SourceKind::Dir => Source::Dir { path: feed.path.clone().unwrap_or_default() },
			SourceKind::Stream => {
				let inbox = Arc::new(Mutex::new(Inbox::default()));
				let reader = tokio::spawn(stream_reader(
					client()?,
					feed.url.clone().unwrap_or_default(),
					inbox.clone(),
				));
				Source::Stream { inbox, reader }
			},
		})
	}

	/// Reads the source once; `Ok(None)` when there is nothing new.
	pub async fn read(&mut self, state: &mut FeedState) -> anyhow::Result<Option<Read>> {
		match self {
			Source::Http { client, url } => {
				let response = client
					.get(url.as_str())
					.timeout(Duration::from_secs(30))
					.send()
					.await
					.map_err(|e| anyhow::anyhow!("GET {url}: {e}"))?;
				let status = response.status();
				anyhow::ensure!(status.is_success(), "GET {url}: {status}");
				let bytes =
					response.bytes().await.map_err(|e| anyhow::anyhow!("GET {url}: {e}"))?;
				Ok(Some(Read { bytes: bytes.to_vec(), file: None, complete: false }))
			},
			Source::Dir { path } => {
				let mut names = BTreeSet::new();
				let mut entries = tokio::fs::read_dir(&*path)
					.await
					.map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
				while let Some(entry) = entries.next_entry().await? {
					let Ok(name) = entry.file_name().into_string() else { continue };
					// Files still being written are named so by convention, and skipped.
					if name.starts_with('.') || name.ends_with(".tmp") || name.ends_with(".part") {
						continue;
					}
					if entry.file_type().await?.is_file() {
						names.insert(name);
					}
				}
				state.prune_seen(&names)?;
				let Some(name) = names.into_iter().find(|n| !state.seen(n)) else {
					return Ok(None);
				};
				let bytes = tokio::fs::read(path.join(&name)).await?;
				Ok(Some(Read { bytes, file: Some(name), complete: true }))
			},
			Source::Stream { inbox, .. } => {
				let mut inbox = inbox.lock().map_err(|_| anyhow::anyhow!("stream reader died"))?;
				// Only whole lines: the rest waits for its end.
				let end = inbox.bytes.iter().rposition(|b| *b == b'\n').map(|i| i + 1);
				match end {
					Some(end) => {
						let rest = inbox.bytes.split_off(end);
						let bytes = std::mem::replace(&mut inbox.bytes, rest);
						Ok(Some(Read { bytes, file: None, complete: false }))
					},
					None if !inbox.connected => match inbox.error.take() {
						Some(e) => Err(anyhow::anyhow!(e)),
						None => Ok(None),
					},
					None => Ok(None),
				}
			},
		}
	}
}

async fn stream_reader(client: reqwest::Client, url: String, inbox: Arc<Mutex<Inbox>>) {
	let mut backoff = crate::daemon::Backoff::default();
	loop {
		let response = client.get(url.as_str()).send().await;
		match response {
			Ok(r) if r.status().is_success() => {
				backoff.reset();
				if let Ok(mut i) = inbox.lock() {
					i.connected = true;
				}
				let mut body = r.bytes_stream();
				while let Some(chunk) = body.next().await {
					let Ok(mut i) = inbox.lock() else { return };
					match chunk {
						Ok(chunk) => {
							i.bytes.extend_from_slice(&chunk);
							if i.bytes.len() > MAX_INBOX {
								let cut = i.bytes.len() - MAX_INBOX;
								let at = i.bytes[cut..]
									.iter()
									.position(|b| *b == b'\n')
									.map_or(i.bytes.len(), |p| cut + p + 1);
								i.bytes.drain(..at);
								i.error = Some(format!(
									"{url}: the stream outran the connector; older lines dropped"
								));
							}
						},
						Err(e) => {
							i.error = Some(format!("{url}: {e}"));
							break;
						},
					}
				}
				if let Ok(mut i) = inbox.lock() {
					i.connected = false;
					i.error.get_or_insert_with(|| format!("{url}: the stream ended"));
				}
			},
			Ok(r) => {
				if let Ok(mut i) = inbox.lock() {
					i.error = Some(format!("GET {url}: {}", r.status()));
				}
			},
			Err(e) => {
				if let Ok(mut i) = inbox.lock() {
					i.error = Some(format!("GET {url}: {e}"));
				}
			},
		}
		tokio::time::sleep(backoff.delay()).await;
	}
}
