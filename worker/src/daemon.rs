//! The worker's loop. On every finalized block it reads where its provider and its tasks stand
//! on chain and does the next step of each: register (or update its terms), heartbeat, accept,
//! run, commit, reveal, finalize. The chain is the record of what was done, so a restarted
//! worker picks up where it stopped and never sends a step twice: a transaction in flight is
//! not sent again until it is final or refused, and a report is saved before it is committed
//! to, so a committed result can always be revealed.
//!
//! Runs happen beside the loop (up to the registered capacity at once): the model's code from
//! IPFS, checked against its hash; each input through the gateway under the task's read right,
//! checked against the chain's digest; the output added to IPFS. IPFS and gateway failures are
//! retried until the task's deadline.

use crate::{
	chain::{self, At, Call, Client, TaskStatus, TaskView, Timing, TxError},
	config::Config,
	exec::{Executor, Limits, Model},
	metrics::Metrics,
	report::{Outcome, Report},
	state::State,
	store::{Code, Store},
};
use bdes_gateway::client::GatewayClient;
use sha2::{Digest, Sha256};
use std::{
	collections::{BTreeMap, BTreeSet, HashMap},
	sync::{
		atomic::{AtomicU32, Ordering},
		Arc, Mutex,
	},
	time::Duration,
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::Keypair;
use tokio::sync::mpsc;

/// Blocks between full scans of the task table (events cover the blocks in between).
const RESCAN_EVERY: u32 = 100;
/// Blocks a provider that is not the first revealer waits before it finalizes a task itself.
const FINALIZE_STAGGER: u32 = 2;

/// What the runs and transactions tell the loop.
enum Done {
	Run { task: u64, result: anyhow::Result<Report> },
	Tx { key: (&'static str, u64), result: Result<(), TxError> },
}

/// What the runs share with the loop.
struct Shared {
	client: Client,
	signer: Keypair,
	account: AccountId32,
	store: Store,
	gateway_url: String,
	gateway: tokio::sync::Mutex<Option<GatewayClient>>,
	executor: Executor,
	compiled: Mutex<HashMap<[u8; 32], Arc<Model>>>,
	substitutes: HashMap<u32, Vec<u8>>,
	metrics: Metrics,
	/// The latest finalized block seen: runs give up at their task's deadline.
	block: AtomicU32,
	status: Mutex<serde_json::Value>,
}

pub struct Worker {
	config: Config,
	shared: Arc<Shared>,
	state: State,
	timing: Timing,
	/// Open tasks with this provider in a slot.
	known: BTreeSet<u64>,
	/// Tasks being run.
	running: BTreeSet<u64>,
	/// Transactions sent and not yet final or refused, by call name and task.
	pending: BTreeSet<(&'static str, u64)>,
	/// When each task could first be finalized (for the stagger).
	finalizable: HashMap<u64, u32>,
	/// Tasks whose problems were logged already, by problem.
	logged: BTreeSet<(u64, &'static str)>,
	last_scan: Option<u32>,
	tx: mpsc::UnboundedSender<Done>,
	rx: mpsc::UnboundedReceiver<Done>,
}

fn log(message: impl std::fmt::Display) {
	eprintln!("[bdes-worker] {message}");
}

impl Worker {
	pub async fn connect(config: Config) -> anyhow::Result<Self> {
		let uri: subxt_signer::SecretUri =
			config.suri.parse().map_err(|e| anyhow::anyhow!("--suri: {e}"))?;
		let signer = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("--suri: {e}"))?;
		let account = AccountId32(signer.public_key().0);
		let client = Client::from_insecure_url(&config.node)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the node at {}: {e}", config.node))?;
		let timing = At::current(&client).await?.timing()?;
		let state = State::open(&config.data_dir.join("state.json"), &account.to_string())?;
		let store = Store::new(&config.ipfs, config.data_dir.join("models"))?;
		let executor = Executor::new().map_err(|e| anyhow::anyhow!("wasmtime: {e}"))?;
		let substitutes = config.substitutes()?.into_iter().collect();
		let (tx, rx) = mpsc::unbounded_channel();
		let shared = Arc::new(Shared {
			client,
			signer,
			account,
			store,
			gateway_url: config.gateway.clone(),
			gateway: tokio::sync::Mutex::new(None),
			executor,
			compiled: Mutex::new(HashMap::new()),
			substitutes,
			metrics: Metrics::new()?,
			block: AtomicU32::new(0),
			status: Mutex::new(serde_json::json!({})),
		});
		Ok(Self {
			config,
			shared,
			state,
			timing,
			known: BTreeSet::new(),
			running: BTreeSet::new(),
			pending: BTreeSet::new(),
			finalizable: HashMap::new(),
			logged: BTreeSet::new(),
			last_scan: None,
			tx,
			rx,
		})
	}

	/// Serves `/metrics`, `/status` and `/healthz`.
	pub async fn serve(&self) -> anyhow::Result<()> {
		use axum::{routing::get, Json, Router};
		let listener = tokio::net::TcpListener::bind(self.config.listen).await?;
		let (metrics, status) = (self.shared.clone(), self.shared.clone());
		let app = Router::new()
			.route("/metrics", get(move || async move { metrics.metrics.render() }))
			.route(
				"/status",
				get(move || async move {
					Json(status.status.lock().map(|s| s.clone()).unwrap_or_default())
				}),
			)
			.route("/healthz", get(|| async { "ok" }));
		tokio::spawn(async move {
			if let Err(e) = axum::serve(listener, app).await {
				log(format!("status server: {e}"));
			}
		});
		Ok(())
	}

	/// Follows finalized blocks until `stop` resolves.
	pub async fn run(mut self, stop: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
		log(format!("provider account {}", self.shared.account));
		// The finalized-block subscription may start with blocks finalized before now: acting on
		// those would resend steps already taken (a restarted worker's acceptance, say).
		if let Ok(at) = At::current(&self.shared.client).await {
			self.shared.block.fetch_max(at.number, Ordering::Relaxed);
		}
		tokio::pin!(stop);
		loop {
			let mut blocks = match self.shared.client.stream_blocks().await {
				Ok(blocks) => blocks,
				Err(e) => {
					log(format!("cannot follow finalized blocks: {e}"));
					tokio::select! {
						_ = &mut stop => return Ok(()),
						_ = tokio::time::sleep(Duration::from_secs(2)) => continue,
					}
				},
			};
			loop {
				tokio::select! {
					_ = &mut stop => return Ok(()),
					block = blocks.next() => match block {
						Some(Ok(block)) if (block.number() as u32) < self.shared.block.load(Ordering::Relaxed) => {},
						Some(Ok(block)) => match At::of(&block).await {
							Ok(at) => self.tick(&at, true).await,
							Err(e) => log(format!("block {}: {e}", block.number())),
						},
						Some(Err(e)) => {
							log(format!("finalized blocks: {e}; following again"));
							self.last_scan = None;
							break;
						},
						None => {
							self.last_scan = None;
							break;
						},
					},
					Some(done) = self.rx.recv() => {
						self.done(done);
						// Act on it at once rather than at the next block.
						if let Ok(at) = At::current(&self.shared.client).await {
							self.tick(&at, false).await;
						}
					},
				}
			}
		}
	}

	fn done(&mut self, done: Done) {
		let metrics = &self.shared.metrics;
		match done {
			Done::Run { task, result } => {
				self.running.remove(&task);
				metrics.running.set(self.running.len() as i64);
				match result {
					Ok(report) => {
						metrics.runs.with_label_values(&[&report.kind]).inc();
						metrics.fuel.inc_by(report.fuel);
						log(format!(
							"task {task}: ran ({}), {} bytes, fuel {}, {}",
							report.kind, report.size, report.fuel, report.cid
						));
						if let Err(e) = self.state.put(task, report) {
							log(format!("task {task}: cannot save its report: {e}"));
						}
					},
					Err(e) => {
						metrics.runs.with_label_values(&["gave_up"]).inc();
						log(format!("task {task}: gave up: {e:#}"));
					},
				}
			},
			Done::Tx { key, result } => {
				self.pending.remove(&key);
				let outcome = match &result {
					Ok(()) => "ok",
					Err(TxError::Refused(_)) => "refused",
					Err(TxError::Failed(_)) => "failed",
				};
				metrics.calls.with_label_values(&[key.0, outcome]).inc();
				match result {
					Ok(()) => log(format!("{} {}: final", key.0, key.1)),
					Err(e) => log(format!("{} {}: {e}", key.0, key.1)),
				}
			},
		}
	}

	/// Sends `call` unless the same call for the same task is in flight.
	async fn send(&mut self, call: Call, task: u64) {
		let key = (call.name(), task);
		if self.pending.contains(&key) {
			return;
		}
		let shared = &self.shared;
		match chain::submit(&shared.client, &shared.signer, &call, self.state.report(task)).await {
			Ok(watch) => {
				self.pending.insert(key);
				let tx = self.tx.clone();
				tokio::spawn(async move {
					let _ = tx.send(Done::Tx { key, result: watch.await });
				});
			},
			Err(e) => {
				shared.metrics.calls.with_label_values(&[key.0, "failed"]).inc();
				log(format!("{} {task}: not sent: {e}", key.0));
			},
		}
	}

	fn log_once(&mut self, task: u64, problem: &'static str, message: String) {
		if self.logged.insert((task, problem)) {
			log(format!("task {task}: {message}"));
		}
	}

	async fn tick(&mut self, at: &At, new_block: bool) {
		if let Err(e) = self.try_tick(at, new_block).await {
			log(format!("block {}: {e:#}", at.number));
		}
		self.publish_status(at.number);
	}

	async fn try_tick(&mut self, at: &At, new_block: bool) -> anyhow::Result<()> {
		let now = at.number;
		self.shared.block.fetch_max(now, Ordering::Relaxed);
		self.shared.metrics.block.set(now.into());
		let Some((me, provider)) = at.provider(&self.shared.account).await? else {
			let needed = self.timing.bond_per_capacity.saturating_mul(self.config.capacity.into());
			let bond = self.config.bond.unwrap_or(needed).max(needed);
			let call =
				Call::Register { capacity: self.config.capacity, price: self.config.price, bond };
			self.send(call, 0).await;
			return Ok(());
		};
		if provider.leaving {
			self.log_once(0, "leaving", "the provider is deregistering: no new tasks".into());
		} else {
			if provider.capacity != self.config.capacity || provider.price != self.config.price {
				let needed =
					self.timing.bond_per_capacity.saturating_mul(self.config.capacity.into());
				let add_bond =
					self.config.bond.unwrap_or(0).max(needed).saturating_sub(provider.bond);
				let call = Call::Update {
					capacity: self.config.capacity,
					price: self.config.price,
					add_bond,
				};
				self.send(call, 0).await;
			}
			let half = self.timing.heartbeat_interval / 2;
			if now >= provider.last_heartbeat.saturating_add(half) {
				self.send(Call::Heartbeat, 0).await;
			}
		}
		let rescan = self.last_scan.is_none_or(|at| now >= at.saturating_add(RESCAN_EVERY));
		if rescan {
			self.known.extend(at.tasks_of(me).await?);
			self.known.extend(self.state.tasks());
			self.last_scan = Some(now);
		} else if new_block {
			self.known.extend(at.assigned_in_block(me).await?);
		}
		for id in self.known.clone() {
			match at.task(id).await? {
				Some(task) if task.slots.iter().any(|s| s.provider == me) => {
					self.step(now, me, id, task).await
				},
				_ => self.forget(id),
			}
		}
		self.shared.metrics.open.set(self.known.len() as i64);
		Ok(())
	}

	/// The task is closed, or this provider is no longer in it.
	fn forget(&mut self, id: u64) {
		self.known.remove(&id);
		self.finalizable.remove(&id);
		self.logged.retain(|(task, _)| *task != id);
		if let Err(e) = self.state.remove(id) {
			log(format!("task {id}: cannot update the state file: {e}"));
		}
	}

	/// The next step of task `id` for provider `me`.
	async fn step(&mut self, now: u32, me: u32, id: u64, task: TaskView) {
		let Some(slot) = task.slots.iter().position(|s| s.provider == me) else { return };
		if task.status == TaskStatus::Disputed {
			self.log_once(id, "disputed", "disputed: the Council decides".into());
			return;
		}
		let s = &task.slots[slot];
		if !s.accepted {
			if now < s.assigned.saturating_add(self.timing.accept_timeout) {
				self.send(Call::Accept(id), id).await;
			}
			return;
		}
		self.replace_no_shows(now, me, id, &task).await;
		let account = self.shared.account.0;
		match (&s.commit, &s.reveal, self.state.report(id)) {
			(None, _, _) if now >= task.deadline => {
				self.log_once(id, "missed", "the deadline passed before a commitment".into());
			},
			(None, _, Some(report)) => {
				let commitment = report.commitment(&account);
				self.send(Call::Commit(id, commitment), id).await;
			},
			(None, _, None) => self.start_run(id, task.clone()),
			(Some(_), None, None) => self.log_once(
				id,
				"lost",
				"committed, but the state file has no report to reveal".into(),
			),
			(Some(commit), None, Some(report)) => {
				if commit.0 != report.commitment(&account) {
					self.log_once(
						id,
						"mismatch",
						"the commitment on chain is not this report's".into(),
					);
					return;
				}
				let all_committed = task.slots.iter().all(|s| s.commit.is_some());
				let reveal_end = task.deadline.saturating_add(self.timing.reveal_period);
				if (all_committed || now >= task.deadline) && now < reveal_end {
					self.send(Call::Reveal(id), id).await;
				}
			},
			(Some(_), Some(_), _) => {
				let all_in = task.slots.iter().all(|s| s.reveal.is_some());
				let over = now >= task.deadline.saturating_add(self.timing.reveal_period);
				if !(all_in || over) {
					return;
				}
				// The first revealer finalizes at once, the others only if it did not.
				let rank = task.slots[..slot].iter().filter(|s| s.reveal.is_some()).count() as u32;
				let since = *self.finalizable.entry(id).or_insert(now);
				if now >= since.saturating_add(rank.saturating_mul(FINALIZE_STAGGER)) {
					self.send(Call::Finalize(id), id).await;
				}
			},
		}
	}

	/// The first accepted provider replaces a co-provider that did not accept in time, so the
	/// task can still reach a quorum (`replace` is anyone's to call).
	async fn replace_no_shows(&mut self, now: u32, me: u32, id: u64, task: &TaskView) {
		if now >= task.deadline
			|| task.slots.iter().find(|s| s.accepted).map(|s| s.provider) != Some(me)
		{
			return;
		}
		let late = task.slots.iter().position(|s| {
			!s.accepted && now >= s.assigned.saturating_add(self.timing.accept_timeout)
		});
		if let Some(slot) = late {
			self.send(Call::Replace(id, slot as u32), id).await;
		}
	}

	fn start_run(&mut self, id: u64, task: TaskView) {
		if !self.running.insert(id) {
			return;
		}
		self.shared.metrics.running.set(self.running.len() as i64);
		let (shared, tx) = (self.shared.clone(), self.tx.clone());
		tokio::spawn(async move {
			let result = run_task(&shared, id, &task).await;
			let _ = tx.send(Done::Run { task: id, result });
		});
	}

	fn publish_status(&self, block: u32) {
		let tasks: BTreeMap<String, serde_json::Value> = self
			.known
			.iter()
			.map(|id| {
				let report = self.state.report(*id);
				let phase = if self.running.contains(id) {
					"running"
				} else if report.is_some() {
					"reported"
				} else {
					"assigned"
				};
				let value = serde_json::json!({
					"phase": phase,
					"outcome": report.map(|r| r.kind.clone()),
					"cid": report.map(|r| r.cid.clone()),
					"fuel": report.map(|r| r.fuel),
				});
				(id.to_string(), value)
			})
			.collect();
		let status = serde_json::json!({
			"account": self.shared.account.to_string(),
			"block": block,
			"capacity": self.config.capacity,
			"price": self.config.price.to_string(),
			"tasks": tasks,
			"pending": self.pending.iter().map(|(call, task)| format!("{call} {task}")).collect::<Vec<_>>(),
		});
		if let Ok(mut current) = self.shared.status.lock() {
			*current = status;
		}
	}
}

/// Retries `attempt` with backoff until it works or the task's deadline passes.
async fn retry<T, F, Fut>(
	shared: &Shared,
	deadline: u32,
	source: &str,
	mut attempt: F,
) -> anyhow::Result<T>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = anyhow::Result<T>>,
{
	let mut wait = Duration::from_millis(500);
	loop {
		match attempt().await {
			Ok(value) => return Ok(value),
			Err(e) if shared.block.load(Ordering::Relaxed) >= deadline => {
				return Err(e.context(format!("{source}: still failing at the deadline")));
			},
			Err(e) => {
				shared.metrics.retries.with_label_values(&[source]).inc();
				log(format!("{source}: {e:#}; retrying in {wait:?}"));
				tokio::time::sleep(wait).await;
				wait = (wait * 2).min(Duration::from_secs(10));
			},
		}
	}
}

/// Runs task `id` and adds its outcome to IPFS: the report to commit to.
async fn run_task(shared: &Arc<Shared>, id: u64, task: &TaskView) -> anyhow::Result<Report> {
	let deadline = task.deadline;
	let model = retry(shared, deadline, "node", || async {
		At::current(&shared.client)
			.await?
			.model(task.model)
			.await?
			.ok_or_else(|| anyhow::anyhow!("model {} is not on chain", task.model))
	})
	.await?;
	let hash = model.code_hash.0;
	let outcome = match code(shared, deadline, task.model, &model.code, hash).await? {
		None => Outcome::bad_code(),
		Some(code) => {
			let inputs = inputs(shared, id, task).await?;
			let (shared, params, max_fuel) = (shared.clone(), task.params.clone(), task.max_fuel);
			tokio::task::spawn_blocking(move || {
				let run = compiled(&shared, &code).and_then(|model| {
					let inputs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
					let limits = Limits { fuel: max_fuel, memory: bdes_model_kit::MEMORY_LIMIT };
					shared.executor.run(&model, &inputs, &params, limits)
				});
				Outcome::of(run, max_fuel)
			})
			.await?
		},
	};
	finish(shared, deadline, outcome).await
}

async fn finish(shared: &Shared, deadline: u32, outcome: Outcome) -> anyhow::Result<Report> {
	let digest = outcome.digest();
	let size = outcome.bytes.len() as u64;
	let bytes = outcome.bytes.clone();
	let cid = retry(shared, deadline, "ipfs", || shared.store.add(bytes.clone())).await?;
	Ok(Report {
		cid,
		digest,
		size,
		fuel: outcome.fuel,
		salt: rand::random(),
		kind: outcome.kind.to_string(),
	})
}

/// The model's code (`None`: IPFS's bytes for its CID are not its code), or a substitute.
async fn code(
	shared: &Shared,
	deadline: u32,
	model: u32,
	cid: &[u8],
	hash: [u8; 32],
) -> anyhow::Result<Option<Vec<u8>>> {
	if let Some(code) = shared.substitutes.get(&model) {
		return Ok(Some(code.clone()));
	}
	let cid = String::from_utf8_lossy(cid).into_owned();
	match retry(shared, deadline, "ipfs", || shared.store.model(&cid, hash)).await? {
		Code::Verified(code) => Ok(Some(code)),
		Code::Mismatch => Ok(None),
	}
}

/// The compiled model for `code`, compiled once per hash.
fn compiled(shared: &Shared, code: &[u8]) -> Result<Arc<Model>, crate::exec::RunError> {
	let hash: [u8; 32] = Sha256::digest(code).into();
	if let Some(model) = shared.compiled.lock().ok().and_then(|m| m.get(&hash).cloned()) {
		return Ok(model);
	}
	let model = Arc::new(shared.executor.compile(code)?);
	if let Ok(mut cache) = shared.compiled.lock() {
		cache.insert(hash, model.clone());
	}
	Ok(model)
}

/// Each input's bytes through the gateway, checked against the chain's digest of its content.
async fn inputs(shared: &Shared, id: u64, task: &TaskView) -> anyhow::Result<Vec<Vec<u8>>> {
	let mut out = Vec::with_capacity(task.inputs.len());
	for input in &task.inputs {
		let asset = input.asset;
		let bytes = retry(shared, task.deadline, "gateway", || async {
			let content = At::current(&shared.client)
				.await?
				.asset(asset)
				.await?
				.ok_or_else(|| anyhow::anyhow!("input {asset} is not on chain"))?;
			let expected = content.encryption.map(|e| e.plain_digest).unwrap_or(content.digest);
			let gateway = gateway(shared).await?;
			let response = gateway.task_input(&shared.signer, id, asset, None).send().await?;
			let status = response.status();
			let body = response.bytes().await?;
			anyhow::ensure!(
				status.is_success(),
				"input {asset}: the gateway answered {status}: {}",
				String::from_utf8_lossy(&body)
			);
			anyhow::ensure!(
				<[u8; 32]>::from(Sha256::digest(&body)) == expected,
				"input {asset}: the gateway's bytes are not the listed content"
			);
			Ok(body.to_vec())
		})
		.await?;
		out.push(bytes);
	}
	Ok(out)
}

async fn gateway(shared: &Shared) -> anyhow::Result<GatewayClient> {
	let mut slot = shared.gateway.lock().await;
	if let Some(client) = slot.as_ref() {
		return Ok(client.clone());
	}
	let client = GatewayClient::connect(reqwest::Client::new(), &shared.gateway_url).await?;
	*slot = Some(client.clone());
	Ok(client)
}
