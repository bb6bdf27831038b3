//! The connector: one task a feed that reads its source, cuts what is new into batches in the
//! standard form, keeps each batch on disk, adds it to IPFS and submits it, with up to
//! `max_in_flight` batches waiting for finality at once. A batch is forgotten only once it is
//! final on chain, or the chain says it has that digest already (`DuplicateBatch`: a batch a
//! crashed connector had sent), or refuses it for good.

use crate::{
	chain::{BatchCall, Chain, FeedStatus, TxError},
	config::{Config, FeedConfig},
	metrics::Metrics,
	records,
	source::Source,
	standard::{self, Row, Schema},
	state::{FeedState, Pending, Sealed},
};
use bdes_sealing::{ContentKey, Identity, Recipient};
use futures::{future::BoxFuture, stream::FuturesUnordered, FutureExt, StreamExt};
use ipfs_api_backend_hyper::{request::Add, IpfsApi, IpfsClient, TryFromUri};
use serde::Serialize;
use std::{
	collections::{BTreeMap, BTreeSet},
	io::Cursor,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use subxt::utils::AccountId32;
use tokio::sync::watch;

/// Exponential backoff from half a second to half a minute.
#[derive(Debug)]
pub struct Backoff {
	next: Duration,
}

impl Default for Backoff {
	fn default() -> Self {
		Self { next: Self::FIRST }
	}
}

impl Backoff {
	const FIRST: Duration = Duration::from_millis(500);
	const MAX: Duration = Duration::from_secs(30);

	pub fn delay(&mut self) -> Duration {
		let now = self.next;
		self.next = (self.next * 2).min(Self::MAX);
		now
	}

	pub fn reset(&mut self) {
		self.next = Self::FIRST;
	}
}

/// The chain's refusals after which a batch is given up: it can never land as it is.
const FINAL: &[&str] = &[
	"WindowOverlap",
	"HeaderMismatch",
	"SchemaMismatch",
	"BadBatch",
	"NotOperator",
	"UnknownFeed",
];

/// What `/status` says about a feed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FeedReport {
	pub id: u32,
	pub name: String,
	pub source: String,
	/// Whether its batches go encrypted.
	pub encrypted: bool,
	/// Gateways its batches' keys were last sealed to.
	pub sealed_to: Vec<String>,
	pub chain_status: Option<FeedStatus>,
	pub cursor: Option<u64>,
	pub listed: u64,
	pub duplicates: u64,
	pub given_up: u64,
	pub pending: usize,
	pub in_flight: usize,
	pub rows: u64,
	pub rows_rejected: u64,
	pub source_errors: u64,
	pub last_error: Option<String>,
	pub last_batch: Option<u64>,
}

type Reports = Arc<Mutex<BTreeMap<u32, FeedReport>>>;

/// Splits what a read gave into batches: only rows after `cursor` (the chain refuses a window
/// that overlaps what it covers), in the standard order; unless the read was `complete`, the
/// newest second is held back (its other rows may still come) and returned as the carry. A
/// batch holds at most `max_rows` rows but never part of a second.
pub fn cut(
	schema: &Schema,
	mut rows: Vec<Row>,
	cursor: Option<u64>,
	complete: bool,
	max_rows: usize,
) -> (Vec<Vec<Row>>, Vec<Row>, u64) {
	let second = |r: &Row| r.time(schema).div_euclid(1000);
	let before = rows.len();
	rows.retain(|r| second(r) >= 0 && cursor.is_none_or(|c| second(r) as u64 > c));
	let covered = (before - rows.len()) as u64;
	standard::normalise(schema, &mut rows);
	let mut carry = Vec::new();
	if !complete {
		if let Some(newest) = rows.last().map(second) {
			let at = rows.partition_point(|r| second(r) < newest);
			carry = rows.split_off(at);
		}
	}
	let mut batches = Vec::new();
	let mut rest = rows.as_slice();
	while !rest.is_empty() {
		let mut end = rest.len().min(max_rows);
		if end < rest.len() {
			// Back to the start of the second the limit falls in, or on to its end when that
			// second alone is over the limit.
			let split = second(&rest[end]);
			let start = rest.partition_point(|r| second(r) < split);
			end = if start > 0 { start } else { rest.partition_point(|r| second(r) <= split) };
		}
		let (batch, after) = rest.split_at(end);
		batches.push(batch.to_vec());
		rest = after;
	}
	(batches, carry, covered)
}

pub struct Connector {
	config: Config,
	/// Opens the content keys of the operator's encrypted batches.
	identity: Identity,
	chain: Arc<Chain>,
	ipfs: IpfsClient,
	metrics: Arc<Metrics>,
	reports: Reports,
}

impl Connector {
	pub async fn connect(config: Config, suri: &str) -> anyhow::Result<Self> {
		let chain = Arc::new(Chain::connect(&config.node, suri).await?);
		let ipfs = IpfsClient::from_str(&config.ipfs)
			.map_err(|e| anyhow::anyhow!("ipfs {}: {e}", config.ipfs))?;
		let path = config.identity_path();
		let (identity, created) = Identity::load_or_create(&path)
			.map_err(|e| anyhow::anyhow!("identity {}: {e}", path.display()))?;
		if created {
			println!(
				"created the operator's age identity {} ({})",
				path.display(),
				identity.recipient()
			);
		}
		Ok(Self {
			config,
			identity,
			chain,
			ipfs,
			metrics: Arc::new(Metrics::new()?),
			reports: Arc::new(Mutex::new(BTreeMap::new())),
		})
	}

	/// Serves `/status` (JSON), `/metrics` and `/healthz`.
	pub async fn serve(&self) -> anyhow::Result<()> {
		use axum::{routing::get, Json, Router};
		let listener = tokio::net::TcpListener::bind(self.config.listen).await?;
		let (metrics, reports) = (self.metrics.clone(), self.reports.clone());
		let operator = self.chain.operator().to_string();
		let app = Router::new()
			.route("/metrics", get(move || async move { metrics.render() }))
			.route(
				"/status",
				get(move || async move {
					let feeds: Vec<FeedReport> =
						reports.lock().map(|r| r.values().cloned().collect()).unwrap_or_default();
					Json(serde_json::json!({ "operator": operator, "feeds": feeds }))
				}),
			)
			.route("/healthz", get(|| async { "ok" }));
		tokio::spawn(async move {
			if let Err(e) = axum::serve(listener, app).await {
				eprintln!("status server: {e}");
			}
		});
		Ok(())
	}

	/// Runs every feed until `stop` fires.
	pub async fn run(self, stop: watch::Receiver<bool>) -> anyhow::Result<()> {
		let this = Arc::new(self);
		let tasks: Vec<_> = this
			.config
			.feeds
			.clone()
			.into_iter()
			.map(|feed| {
				let (this, stop) = (this.clone(), stop.clone());
				tokio::spawn(async move {
					let id = feed.id;
					if let Err(e) = this.feed(feed, stop).await {
						eprintln!("feed {id}: stopped: {e:#}");
					}
				})
			})
			.collect();
		for task in tasks {
			let _ = task.await;
		}
		Ok(())
	}

	fn report(&self, id: u32, change: impl FnOnce(&mut FeedReport)) {
		if let Ok(mut reports) = self.reports.lock() {
			change(reports.entry(id).or_default());
		}
	}

	async fn add(&self, bytes: Vec<u8>) -> anyhow::Result<String> {
		let options = Add { pin: Some(true), cid_version: Some(1), ..Default::default() };
		let added = self
			.ipfs
			.add_with_options(Cursor::new(bytes), options)
			.await
			.map_err(|e| anyhow::anyhow!("ipfs add: {e}"))?;
		Ok(added.hash)
	}

	/// The feed as the chain has it, waiting (with backoff) while the node is unreachable.
	async fn chain_feed(
		&self,
		id: u32,
		stop: &mut watch::Receiver<bool>,
	) -> Option<crate::chain::FeedView> {
		let mut backoff = Backoff::default();
		loop {
			match self.chain.feed(id).await {
				Ok(Some(feed)) => return Some(feed),
				Ok(None) => {
					self.report(id, |r| r.last_error = Some("no such feed on chain".into()))
				},
				Err(e) => self.report(id, |r| r.last_error = Some(format!("chain: {e}"))),
			}
			tokio::select! {
				_ = tokio::time::sleep(backoff.delay()) => {},
				_ = stop.changed() => return None,
			}
		}
	}

	async fn feed(
		&self,
		config: FeedConfig,
		mut stop: watch::Receiver<bool>,
	) -> anyhow::Result<()> {
		let id = config.id;
		let label = id.to_string();
		let Some(feed) = self.chain_feed(id, &mut stop).await else { return Ok(()) };
		anyhow::ensure!(
			feed.operator == self.chain.operator(),
			"the feed's operator is {}, not this connector's key {}",
			feed.operator,
			self.chain.operator()
		);
		let schema = self.chain.schema(feed.spec.schema).await?;
		let header = schema.hash();
		if !config.public {
			let most = self.chain.max_batch_keys().await?;
			anyhow::ensure!(
				config.gateways.len() < most as usize,
				"{} gateways: a batch carries at most {most} sealed keys, one of them the operator's",
				config.gateways.len()
			);
		}
		for gateway in &config.gateways {
			let account: AccountId32 =
				gateway.parse().map_err(|e| anyhow::anyhow!("{gateway}: {e}"))?;
			// A key sealed to the operator's account as a gateway would replace its own copy,
			// the one its identity opens.
			anyhow::ensure!(
				account != self.chain.operator(),
				"gateway {gateway} is the operator's own account"
			);
			if self.chain.sealing_key(&account).await?.is_none() {
				eprintln!("feed {id}: gateway {gateway} has no sealing key on chain: batches are not sealed to it until it has");
			}
		}
		let mut state =
			FeedState::open(&self.config.state, id, &self.chain.operator().to_string())?;
		state.catch_up(feed.covered_until)?;
		let name = String::from_utf8_lossy(&feed.spec.name).into_owned();
		println!(
			"feed {id} ({name}): schema {} [{}], {:?} source {}, {} batches pending from before",
			feed.spec.schema,
			schema.header(),
			config.source,
			config.label(),
			state.pending_count()
		);
		if !config.public {
			println!(
				"feed {id}: batches encrypted, their keys sealed to the operator and {} gateway(s)",
				config.gateways.len()
			);
		}
		self.report(id, |r| {
			r.id = id;
			r.name = name.clone();
			r.source = config.label();
			r.encrypted = !config.public;
			r.chain_status = Some(feed.status);
			r.cursor = state.cursor();
			r.pending = state.pending_count();
		});

		let mut source = Source::new(&config)?;
		let mut status = feed.status;
		let mut checked = Instant::now();
		let mut carry: Vec<Row> = Vec::new();
		let mut resend: BTreeSet<u64> = state.pending().map(|(seq, _)| seq).collect();
		let mut in_flight: FuturesUnordered<BoxFuture<'static, (u64, Result<(), TxError>)>> =
			FuturesUnordered::new();
		let mut backoff = Backoff::default();
		// A refused batch is sent again after a backoff: a failed transaction still pays its
		// fee, so one the chain keeps refusing (funds short of the deposit) must not go out
		// every block.
		let mut send_backoff = Backoff::default();
		let mut send_after = tokio::time::Instant::now();
		// When the source is read next, and when the loop wakes next (at once while there
		// are batches to send and room for them).
		let mut poll_due = tokio::time::Instant::now();
		let mut wake = poll_due;
		loop {
			tokio::select! {
				_ = tokio::time::sleep_until(wake) => {},
				Some((seq, outcome)) = in_flight.next(), if !in_flight.is_empty() => {
					if self.settled(id, &mut state, &mut resend, seq, outcome).await? {
						send_after = tokio::time::Instant::now() + send_backoff.delay();
					} else {
						send_backoff.reset();
					}
				},
				_ = stop.changed() => break,
			}
			wake = poll_due.max(tokio::time::Instant::now() + Duration::from_millis(50));
			if checked.elapsed() > Duration::from_secs(5) {
				if let Ok(Some(feed)) = self.chain.feed(id).await {
					status = feed.status;
					self.report(id, |r| r.chain_status = Some(status));
				}
				checked = Instant::now();
			}
			match status {
				FeedStatus::Closed => {
					println!("feed {id}: closed on chain; its connector stops");
					break;
				},
				// Batches wait for the Council's approval or a resumption.
				FeedStatus::Proposed | FeedStatus::Suspended => {
					wake = tokio::time::Instant::now() + config.poll();
					continue;
				},
				FeedStatus::Active | FeedStatus::Stale => {},
			}

			// Batches cut before and not final yet go first, in order.
			if tokio::time::Instant::now() < send_after {
				wake = wake.min(send_after);
				continue;
			}
			while in_flight.len() < self.config.max_in_flight {
				let Some(seq) = resend.pop_first() else { break };
				match self.send(&config, &feed.spec, header, &mut state, seq).await {
					Ok(done) => in_flight.push(done),
					Err(e) => {
						self.report(id, |r| r.last_error = Some(format!("{e:#}")));
						resend.insert(seq);
						wake = tokio::time::Instant::now() + backoff.delay();
						break;
					},
				}
			}
			if !resend.is_empty() || in_flight.len() >= self.config.max_in_flight {
				continue;
			}
			let now = tokio::time::Instant::now();
			if now < poll_due {
				continue;
			}
			poll_due = now + config.poll();
			wake = poll_due;

			let read = match source.read(&mut state).await {
				Ok(Some(read)) => read,
				Ok(None) => continue,
				Err(e) => {
					self.metrics.source_errors.with_label_values(&[&label]).inc();
					let wait = backoff.delay();
					poll_due = now + wait;
					wake = poll_due;
					eprintln!("feed {id}: source: {e:#}; again in {:.1} s", wait.as_secs_f32());
					self.report(id, |r| {
						r.source_errors += 1;
						r.last_error = Some(format!("source: {e:#}"));
					});
					continue;
				},
			};
			backoff.reset();
			let parsed = match records::parse(
				&schema,
				config.format(),
				config.pointer.as_deref(),
				&read.bytes,
			) {
				Ok(parsed) => parsed,
				Err(e) => {
					self.metrics.source_errors.with_label_values(&[&label]).inc();
					self.report(id, |r| {
						r.source_errors += 1;
						r.last_error = Some(format!("unreadable {:?}: {e:#}", config.format()));
					});
					if let Some(file) = read.file {
						state.mark_seen(file)?;
					}
					continue;
				},
			};
			if parsed.rejected > 0 {
				self.metrics.rows_rejected.with_label_values(&[&label]).inc_by(parsed.rejected);
				self.report(id, |r| {
					r.rows_rejected += parsed.rejected;
					r.last_error = parsed.first_error.clone();
				});
			}
			let mut rows = std::mem::take(&mut carry);
			rows.extend(parsed.rows);
			let (batches, held, covered) =
				cut(&schema, rows, state.cursor(), read.complete, config.max_rows);
			carry = held;
			self.metrics.rows_covered.with_label_values(&[&label]).inc_by(covered);
			let last = batches.len();
			let mut file = read.file;
			if last == 0 {
				if let Some(file) = file.take() {
					state.mark_seen(file)?;
				}
			}
			for (i, rows) in batches.into_iter().enumerate() {
				let batch = standard::to_parquet(&schema, &rows)?;
				let pending = Pending {
					digest: hex::encode(batch.digest),
					size: batch.bytes.len() as u64,
					rows: batch.rows,
					window: batch.window,
					cid: None,
					sealed: None,
				};
				// The file counts as read with its last batch.
				let done_file = if i + 1 == last { file.take() } else { None };
				let seq = state.cut(&batch.bytes, pending, done_file)?;
				resend.insert(seq);
				self.metrics.rows.with_label_values(&[&label]).inc_by(batch.rows);
				self.report(id, |r| r.rows += batch.rows);
			}
			if let Some(file) = file {
				state.mark_seen(file)?;
			}
			self.metrics
				.pending
				.with_label_values(&[&label])
				.set(state.pending_count() as i64);
			self.report(id, |r| {
				r.cursor = state.cursor();
				r.pending = state.pending_count();
				r.in_flight = in_flight.len();
			});
			if !resend.is_empty() {
				wake = tokio::time::Instant::now();
			}
		}
		Ok(())
	}

	/// Adds a cut batch to IPFS (once) and submits it; the future resolves when it is final.
	async fn send(
		&self,
		config: &FeedConfig,
		spec: &crate::chain::SpecView,
		header: [u8; 32],
		state: &mut FeedState,
		seq: u64,
	) -> anyhow::Result<BoxFuture<'static, (u64, Result<(), TxError>)>> {
		let pending = state
			.pending()
			.find(|(s, _)| *s == seq)
			.map(|(_, p)| p.clone())
			.ok_or_else(|| anyhow::anyhow!("batch {seq} is not kept"))?;
		let (cid, sealed) = match pending.cid.clone() {
			Some(cid) => (cid, pending.sealed.clone()),
			None => {
				let plain = state.bytes(seq)?;
				let (bytes, sealed) =
					if config.public { (plain, None) } else { seal_batch(&plain)? };
				let cid = self.add(bytes).await?;
				state.set_cid(seq, cid.clone(), sealed.clone())?;
				(cid, sealed)
			},
		};
		let mut plain_digest = [0u8; 32];
		hex::decode_to_slice(&pending.digest, &mut plain_digest)?;
		let (digest, size, encryption, keys) = match &sealed {
			None => (plain_digest, pending.size, None, Vec::new()),
			Some(sealed) => {
				let mut digest = [0u8; 32];
				hex::decode_to_slice(&sealed.digest, &mut digest)?;
				let keys = self.content_keys(config, sealed).await?;
				(digest, sealed.size, Some((plain_digest, pending.size)), keys)
			},
		};
		let call = BatchCall {
			feed: config.id,
			cid,
			digest,
			size,
			schema: spec.schema,
			header,
			rows: pending.rows,
			window: pending.window,
			source: config.label(),
			encryption,
			keys,
		};
		let done = self
			.chain
			.submit_batch(&call)
			.await
			.map_err(|e| anyhow::anyhow!("submit: {e}"))?;
		Ok(async move { (seq, done.await) }.boxed())
	}

	/// A batch's content key sealed to the operator and to each configured gateway that has a
	/// sealing key on chain now (read at every submission: a gateway may rotate its key).
	async fn content_keys(
		&self,
		config: &FeedConfig,
		sealed: &Sealed,
	) -> anyhow::Result<Vec<(AccountId32, Vec<u8>)>> {
		let key = ContentKey::from(
			Identity::from_file_str(&sealed.key)
				.map_err(|e| anyhow::anyhow!("a kept content key: {e}"))?,
		);
		let mut keys =
			vec![(self.chain.operator(), bdes_sealing::seal(&key, &self.identity.recipient()))];
		let mut sealed_to = Vec::new();
		for gateway in &config.gateways {
			let account: AccountId32 =
				gateway.parse().map_err(|e| anyhow::anyhow!("{gateway}: {e}"))?;
			match self.chain.sealing_key(&account).await? {
				Some(bytes) => {
					let to = Recipient::from_bytes(bytes)
						.map_err(|e| anyhow::anyhow!("gateway {gateway}'s sealing key: {e}"))?;
					keys.push((account, bdes_sealing::seal(&key, &to)));
					sealed_to.push(gateway.clone());
				},
				None => self.report(config.id, |r| {
					r.last_error = Some(format!("gateway {gateway} has no sealing key on chain"))
				}),
			}
		}
		self.report(config.id, |r| r.sealed_to = sealed_to);
		Ok(keys)
	}

	async fn settled(
		&self,
		id: u32,
		state: &mut FeedState,
		resend: &mut BTreeSet<u64>,
		seq: u64,
		outcome: Result<(), TxError>,
	) -> anyhow::Result<bool> {
		let label = id.to_string();
		let window = state.pending().find(|(s, _)| *s == seq).map(|(_, p)| p.window);
		let span = window.map_or_else(String::new, |(a, b)| format!("(seconds {a}–{b}) "));
		let outcome_label = match outcome {
			Ok(()) => {
				println!("feed {id}: batch {seq} {span}listed (final)");
				self.report(id, |r| {
					r.listed += 1;
					r.last_batch = window.map(|w| w.1);
				});
				state.done(seq)?;
				"listed"
			},
			Err(TxError::Refused(error)) if error == "DuplicateBatch" => {
				println!("feed {id}: batch {seq} {span}is on chain already");
				self.report(id, |r| r.duplicates += 1);
				state.done(seq)?;
				"duplicate"
			},
			Err(TxError::Refused(error)) if FINAL.contains(&error.as_str()) => {
				eprintln!("feed {id}: batch {seq} {span}given up: the chain refuses it ({error})");
				self.report(id, |r| {
					r.given_up += 1;
					r.last_error = Some(error.clone());
				});
				state.done(seq)?;
				"given_up"
			},
			Err(e) => {
				// Suspended, short of funds for the deposit, dropped from the pool: again later.
				eprintln!("feed {id}: batch {seq} {span}not listed ({e}); sent again");
				if matches!(e, TxError::Failed(_)) {
					self.chain.recount_nonce().await;
				}
				self.report(id, |r| r.last_error = Some(e.to_string()));
				resend.insert(seq);
				"retried"
			},
		};
		self.metrics.batches.with_label_values(&[&label, outcome_label]).inc();
		self.metrics
			.pending
			.with_label_values(&[&label])
			.set(state.pending_count() as i64);
		self.report(id, |r| r.pending = state.pending_count());
		// Whether the batch is to be sent again.
		Ok(outcome_label == "retried")
	}
}

/// Encrypts a batch's Parquet file with a fresh content key: the age file, and what the state
/// keeps to submit it (again).
pub fn seal_batch(plain: &[u8]) -> anyhow::Result<(Vec<u8>, Option<Sealed>)> {
	let key = ContentKey::generate();
	let mut bytes = Vec::with_capacity(plain.len().saturating_add(1024));
	let summary = bdes_sealing::encrypt(&key, plain, &mut bytes)?;
	let sealed = Sealed {
		key: key.identity().to_file_string().to_string(),
		digest: hex::encode(summary.ciphertext.sha256),
		size: summary.ciphertext.size,
	};
	Ok((bytes, Some(sealed)))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::standard::Cell;

	fn schema() -> Schema {
		Schema::parse("time:timestamp_ms,v:int64").unwrap()
	}

	fn rows(times: &[i64]) -> Vec<Row> {
		times.iter().map(|t| Row(vec![Cell::Int(*t), Cell::Int(*t % 7)])).collect()
	}

	fn times(batch: &[Row]) -> Vec<i64> {
		batch.iter().map(|r| r.time(&schema())).collect()
	}

	#[test]
	fn only_rows_after_the_cursor_and_the_newest_second_waits() {
		let s = schema();
		let (batches, carry, covered) =
			cut(&s, rows(&[5_500, 1_000, 2_100, 2_900, 3_000, 5_000]), Some(1), false, 100);
		assert_eq!(covered, 1);
		assert_eq!(batches.len(), 1);
		assert_eq!(times(&batches[0]), vec![2_100, 2_900, 3_000]);
		assert_eq!(times(&carry), vec![5_000, 5_500]);
		// A complete read (a file) holds nothing back.
		let (batches, carry, _) = cut(&s, rows(&[5_500, 5_000]), None, true, 100);
		assert_eq!(times(&batches[0]), vec![5_000, 5_500]);
		assert!(carry.is_empty());
	}

	#[test]
	fn batches_are_cut_at_second_boundaries() {
		let s = schema();
		let (batches, _, _) = cut(
			&s,
			rows(&[1_000, 1_100, 1_200, 2_000, 2_100, 3_000, 3_500, 3_600, 3_700]),
			None,
			true,
			4,
		);
		let got: Vec<Vec<i64>> = batches.iter().map(|b| times(b)).collect();
		// Second 2 does not fit beside second 1's three rows, nor second 3's four beside it.
		assert_eq!(
			got,
			vec![vec![1_000, 1_100, 1_200], vec![2_000, 2_100], vec![3_000, 3_500, 3_600, 3_700]]
		);
		let (batches, _, _) = cut(&s, rows(&[1_000, 1_100, 1_200, 1_300, 1_400]), None, true, 2);
		assert_eq!(batches.len(), 1);
		// Every window starts after the previous one ends.
		let (batches, _, _) =
			cut(&s, rows(&(0..50).map(|i| i * 370).collect::<Vec<_>>()), None, true, 3);
		for pair in batches.windows(2) {
			assert!(pair[0].last().unwrap().time(&s) / 1000 < pair[1][0].time(&s) / 1000);
		}
		assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), 50);
	}

	proptest::proptest! {
		#![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

		/// A source that answers the latest readings (everything up to a time that only moves
		/// on, in any order, repeating what it sent before), read by polls cut as the connector
		/// cuts them: windows follow each other with no second in two batches, no reading is
		/// delivered twice, and every reading of a second before the newest one seen is
		/// delivered, within batches of at most the limit unless a second alone is over it.
		#[test]
		fn polls_of_a_moving_source_deliver_each_reading_once(
			times in proptest::collection::vec(0i64..40_000, 1..120),
			cuts in proptest::collection::vec(0i64..45_000, 1..12),
			seed in 0u64..1_000,
			max_rows in 1usize..8,
		) {
			let s = schema();
			let mut readings: Vec<Row> = times.iter().enumerate()
				.map(|(i, t)| Row(vec![Cell::Int(*t), Cell::Int(i as i64)]))
				.collect();
			let mut ends = cuts.clone();
			ends.sort();
			let (mut cursor, mut carry, mut delivered) = (None::<u64>, Vec::<Row>::new(), Vec::<Row>::new());
			let mut last_window: Option<(u64, u64)> = None;
			for (k, end) in ends.iter().enumerate() {
				// What the source answers now, shuffled, with its earlier answers again.
				let mut answer: Vec<Row> = readings.iter().filter(|r| r.time(&s) <= *end).cloned().collect();
				let n = answer.len().max(1);
				answer.rotate_left(((seed as usize) + k) % n);
				let mut rows = std::mem::take(&mut carry);
				rows.extend(answer);
				let (batches, held, _) = cut(&s, rows, cursor, false, max_rows);
				carry = held;
				for batch in batches {
					let first = batch[0].time(&s).div_euclid(1000) as u64;
					let last = batch[batch.len() - 1].time(&s).div_euclid(1000) as u64;
					if let Some((_, until)) = last_window {
						proptest::prop_assert!(first > until, "window {first} after {until}");
					}
					let single_second = first == last;
					proptest::prop_assert!(batch.len() <= max_rows || single_second);
					last_window = Some((first, last));
					cursor = Some(last);
					delivered.extend(batch);
				}
			}
			let key = |r: &Row| (r.time(&s), match r.0[1] { Cell::Int(i) => i, _ => -1 });
			let mut got: Vec<_> = delivered.iter().map(key).collect();
			let before = got.len();
			got.sort();
			got.dedup();
			proptest::prop_assert_eq!(got.len(), before, "a reading delivered twice");
			let seen_until = ends.last().copied().unwrap_or(0);
			let newest = readings.iter().filter(|r| r.time(&s) <= seen_until).map(|r| r.time(&s).div_euclid(1000)).max();
			readings.retain(|r| r.time(&s) <= seen_until && Some(r.time(&s).div_euclid(1000)) < newest);
			let mut want: Vec<_> = readings.iter().map(key).collect();
			want.sort();
			proptest::prop_assert_eq!(got, want);
		}
	}

	#[test]
	fn a_sealed_batch_opens_with_its_kept_key_only() {
		let plain = b"PAR1 a parquet file, say PAR1".repeat(5_000);
		let (bytes, sealed) = seal_batch(&plain).unwrap();
		let sealed = sealed.unwrap();
		assert_eq!(&bytes[..21], b"age-encryption.org/v1");
		assert_eq!(sealed.size, bytes.len() as u64);
		assert_eq!(sealed.digest, hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
		let key = ContentKey::from(Identity::from_file_str(&sealed.key).unwrap());
		let mut opened = Vec::new();
		bdes_sealing::decrypt(&key, bytes.as_slice(), &mut opened).unwrap();
		assert_eq!(opened, plain);
		// Sealing again gives another age file (a fresh key): the chain tells the two apart by
		// the plaintext's digest, not by this.
		let (again, _) = seal_batch(&plain).unwrap();
		assert_ne!(again, bytes);
		let other = ContentKey::generate();
		assert!(bdes_sealing::decrypt(&other, bytes.as_slice(), &mut Vec::new()).is_err());
	}

	#[test]
	fn backoff_doubles_to_its_ceiling_and_resets() {
		let mut b = Backoff::default();
		let seen: Vec<u64> = (0..9).map(|_| b.delay().as_millis() as u64).collect();
		assert_eq!(seen, vec![500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
		b.reset();
		assert_eq!(b.delay(), Duration::from_millis(500));
	}
}
