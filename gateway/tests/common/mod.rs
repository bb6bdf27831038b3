//! Test doubles for the gateway: a deterministic in-memory chain that implements the usage
//! voucher protocol as the pallet does (same checks, same order, all or nothing), a fake Kubo
//! RPC serving `cat` from memory, a gateway on a loopback port, and a signing client.

#![allow(dead_code)]

use axum::{
	body::Body,
	extract::{Query, State},
	routing::post,
	Router,
};
use bdes_gateway::{
	auth::{self, GatewayId, Request, Voucher},
	chain::{AssetContent, ChainApi, Status, UsageError},
	config::Config,
	meter::{Denied, GatewayCheck},
	server::{self, AppState},
};
use std::{
	collections::{HashMap, VecDeque},
	sync::{
		atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering},
		Arc, Mutex,
	},
	time::Duration,
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::{self, Keypair, PublicKey, Signature};
use tokio::{sync::oneshot, task::JoinHandle};

pub const ASSET: u32 = 3;
pub const CID: &str = "bafkreitestcontent";
pub const GRACE: u32 = 5;

/// A licence on the in-memory chain.
#[derive(Clone, Debug)]
pub struct Licence {
	pub asset: u32,
	pub holder: AccountId32,
	pub calls_left: u32,
	pub expiry: u32,
}

/// What `report_usage` does on its next calls.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
	/// The node cannot be reached: nothing recorded.
	Unavailable,
	/// The batch is recorded (`land`) or not, and the answer never comes.
	Hang { land: bool },
}

#[derive(Default)]
struct Ledger {
	assets: HashMap<u32, AssetContent>,
	licences: HashMap<u32, Licence>,
	/// Per licence, what this gateway has charged.
	charged: HashMap<u32, u32>,
	faults: VecDeque<Fault>,
	/// Sizes of the batches that were recorded.
	batches: Vec<usize>,
	/// Content keys sealed to this gateway: asset → (revision, sealed).
	sealed_keys: HashMap<u32, (u32, Vec<u8>)>,
	/// Read rights of compute tasks: (task, asset, provider).
	task_reads: std::collections::HashSet<(u64, u32, [u8; 32])>,
}

struct Inner {
	gateway: GatewayId,
	best: AtomicU32,
	/// The block `gateway_check` answers at, if it lags the best block.
	final_block: AtomicU32,
	now_ms_offset: AtomicU64,
	ledger: Mutex<Ledger>,
	checks: AtomicUsize,
	asset_lookups: AtomicUsize,
	reports: AtomicUsize,
}

/// The chain, in memory; clones share it (a gateway restarted on the same chain).
#[derive(Clone)]
pub struct MemoryChain(Arc<Inner>);

pub fn operator() -> Keypair {
	sr25519::dev::ferdie()
}

pub fn account(key: &Keypair) -> AccountId32 {
	AccountId32(key.public_key().0)
}

impl MemoryChain {
	pub fn new() -> Self {
		let gateway = GatewayId { account: account(&operator()), genesis: [0x42; 32] };
		let chain = Self(Arc::new(Inner {
			gateway,
			best: AtomicU32::new(10),
			final_block: AtomicU32::new(u32::MAX),
			now_ms_offset: AtomicU64::new(0),
			ledger: Mutex::new(Ledger::default()),
			checks: AtomicUsize::new(0),
			asset_lookups: AtomicUsize::new(0),
			reports: AtomicUsize::new(0),
		}));
		chain.add_asset(ASSET, CID, 1 << 16);
		chain
	}

	/// Assigns `who` to `task`, which reads `asset` (`ComputeApi::may_read` answers yes); or
	/// closes the task (`false`).
	pub fn set_task_read(&self, task: u64, asset: u32, who: &AccountId32, open: bool) {
		let key = (task, asset, who.0);
		let mut ledger = self.ledger();
		if open {
			ledger.task_reads.insert(key);
		} else {
			ledger.task_reads.remove(&key);
		}
	}

	fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
		self.0.ledger.lock().unwrap()
	}

	pub fn add_asset(&self, id: u32, cid: &str, size: u64) {
		let content = AssetContent {
			status: Status::Listed,
			format: b"application/octet-stream".to_vec(),
			cid: cid.as_bytes().to_vec(),
			digest: [0; 32],
			size,
			encryption: None,
			revision: 0,
		};
		self.ledger().assets.insert(id, content);
	}

	/// Lists an encrypted asset: `ciphertext` under `cid`, its content key sealed to `sealed`
	/// for the gateway.
	pub fn add_encrypted_asset(
		&self,
		id: u32,
		cid: &str,
		plain_size: u64,
		ciphertext_size: u64,
		sealed: Option<(u32, Vec<u8>)>,
	) {
		let content = AssetContent {
			status: Status::Listed,
			format: b"text/csv".to_vec(),
			cid: cid.as_bytes().to_vec(),
			digest: [0; 32],
			size: ciphertext_size,
			encryption: Some(bdes_gateway::chain::Encryption { plain_digest: [1; 32], plain_size }),
			revision: 0,
		};
		let mut ledger = self.ledger();
		ledger.assets.insert(id, content);
		match sealed {
			Some(key) => ledger.sealed_keys.insert(id, key),
			None => ledger.sealed_keys.remove(&id),
		};
	}

	pub fn add_licence(&self, id: u32, holder: &AccountId32, calls: u32, expiry: u32) {
		let licence = Licence { asset: ASSET, holder: *holder, calls_left: calls, expiry };
		self.ledger().licences.insert(id, licence);
	}

	pub fn transfer(&self, id: u32, to: &AccountId32) {
		self.ledger().licences.get_mut(&id).expect("licence").holder = *to;
	}

	pub fn licence(&self, id: u32) -> Licence {
		self.ledger().licences[&id].clone()
	}

	pub fn charged(&self, licence: u32) -> u32 {
		self.ledger().charged.get(&licence).copied().unwrap_or(0)
	}

	pub fn set_best(&self, block: u32) {
		self.0.best.store(block, Ordering::Relaxed);
	}

	/// Licence checks answer at `block` (a final block behind the best).
	pub fn set_final(&self, block: u32) {
		self.0.final_block.store(block, Ordering::Relaxed);
	}

	pub fn fail_next(&self, faults: &[Fault]) {
		self.ledger().faults.extend(faults.iter().copied());
	}

	/// `gateway_check` calls so far.
	pub fn checks(&self) -> usize {
		self.0.checks.load(Ordering::Relaxed)
	}

	pub fn asset_lookups(&self) -> usize {
		self.0.asset_lookups.load(Ordering::Relaxed)
	}

	/// `report_usage` calls so far, and the sizes of those recorded.
	pub fn reports(&self) -> (usize, Vec<usize>) {
		(self.0.reports.load(Ordering::Relaxed), self.ledger().batches.clone())
	}

	fn verifies(&self, voucher: &Voucher, holder: &AccountId32) -> bool {
		let payload = auth::voucher_payload(
			&self.0.gateway,
			voucher.licence,
			voucher.calls,
			voucher.until_ms,
			&voucher.request,
		);
		let signature = Signature(voucher.signature);
		let public = PublicKey(holder.0);
		sr25519::verify(&signature, &payload, &public) || {
			let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
			sr25519::verify(&signature, wrapped, &public)
		}
	}

	/// `DataLicences::report_usage`, as the pallet checks it: all or nothing.
	fn apply(&self, vouchers: &[Voucher]) -> Result<(), UsageError> {
		let refused = |e: &str| Err(UsageError::Refused(e.into()));
		let best = self.0.best.load(Ordering::Relaxed);
		let now_ms = auth::now_ms() + self.0.now_ms_offset.load(Ordering::Relaxed);
		let mut ledger = self.ledger();
		if vouchers.is_empty() {
			return refused("EmptyBatch");
		}
		let mut licences = ledger.licences.clone();
		let mut charged = ledger.charged.clone();
		for voucher in vouchers {
			let Some(licence) = licences.get_mut(&voucher.licence) else {
				return refused("UnknownLicence");
			};
			if best >= licence.expiry + GRACE {
				return refused("SettlementClosed");
			}
			if now_ms > voucher.until_ms {
				return refused("VoucherExpired");
			}
			if !self.verifies(voucher, &licence.holder) {
				return refused("BadVoucher");
			}
			let before = charged.get(&voucher.licence).copied().unwrap_or(0);
			if voucher.calls <= before {
				return refused("StaleVoucher");
			}
			let calls = voucher.calls - before;
			if calls > licence.calls_left {
				return refused("QuotaExceeded");
			}
			licence.calls_left -= calls;
			charged.insert(voucher.licence, voucher.calls);
		}
		ledger.licences = licences;
		ledger.charged = charged;
		ledger.batches.push(vouchers.len());
		Ok(())
	}
}

impl ChainApi for MemoryChain {
	fn gateway(&self) -> GatewayId {
		self.0.gateway
	}

	fn best_block(&self) -> u32 {
		self.0.best.load(Ordering::Relaxed)
	}

	async fn asset(&self, id: u32) -> anyhow::Result<Option<AssetContent>> {
		self.0.asset_lookups.fetch_add(1, Ordering::Relaxed);
		Ok(self.ledger().assets.get(&id).cloned())
	}

	async fn gateway_check(
		&self,
		licence: u32,
		asset: u32,
		who: AccountId32,
	) -> anyhow::Result<GatewayCheck> {
		self.0.checks.fetch_add(1, Ordering::Relaxed);
		let best = self.best_block().min(self.0.final_block.load(Ordering::Relaxed));
		let ledger = self.ledger();
		let Some(record) = ledger.licences.get(&licence) else {
			return Ok(GatewayCheck::Invalid(Denied::Unknown));
		};
		let reason = if record.asset != asset {
			Denied::WrongAsset
		} else if record.holder != who {
			Denied::NotHolder
		} else if best >= record.expiry {
			Denied::Expired
		} else if record.calls_left == 0 {
			Denied::Exhausted
		} else {
			return Ok(GatewayCheck::Valid {
				calls_left: record.calls_left,
				expiry: record.expiry,
				charged: ledger.charged.get(&licence).copied().unwrap_or(0),
				settle_until: record.expiry + GRACE,
			});
		};
		Ok(GatewayCheck::Invalid(reason))
	}

	async fn may_read(&self, who: AccountId32, asset: u32, task: u64) -> anyhow::Result<bool> {
		self.0.checks.fetch_add(1, Ordering::Relaxed);
		Ok(self.ledger().task_reads.contains(&(task, asset, who.0)))
	}

	async fn report_usage(&self, vouchers: Vec<Voucher>) -> Result<(), UsageError> {
		self.0.reports.fetch_add(1, Ordering::Relaxed);
		let fault = self.ledger().faults.pop_front();
		match fault {
			Some(Fault::Unavailable) => Err(UsageError::Failed("node unreachable".into())),
			Some(Fault::Hang { land }) => {
				if land {
					let _ = self.apply(&vouchers);
				}
				std::future::pending().await
			},
			None => self.apply(&vouchers),
		}
	}

	async fn healthy(&self) -> bool {
		true
	}

	async fn content_key(&self, asset: u32) -> anyhow::Result<Option<(u32, Vec<u8>)>> {
		Ok(self.ledger().sealed_keys.get(&asset).cloned())
	}
}

/// A Kubo RPC API that serves `cat` (with `offset` and `length`) from memory.
#[derive(Clone)]
pub struct FakeIpfs {
	pub url: String,
	pub fail: Arc<AtomicBool>,
	/// A pause in the middle of every body (a slow download).
	pub stall: Arc<Mutex<Duration>>,
	pub content: Arc<Vec<u8>>,
}

#[derive(serde::Deserialize)]
struct CatQuery {
	arg: String,
	offset: Option<usize>,
	length: Option<usize>,
}

async fn cat(State(ipfs): State<FakeIpfs>, Query(q): Query<CatQuery>) -> axum::response::Response {
	use axum::response::IntoResponse;
	if ipfs.fail.load(Ordering::Relaxed) || q.arg != CID {
		return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "no such block").into_response();
	}
	let start = q.offset.unwrap_or(0).min(ipfs.content.len());
	let end = q.length.map_or(ipfs.content.len(), |l| (start + l).min(ipfs.content.len()));
	let bytes = ipfs.content[start..end].to_vec();
	let stall = *ipfs.stall.lock().unwrap();
	let half = bytes.len() / 2;
	let (first, second) = (bytes[..half].to_vec(), bytes[half..].to_vec());
	let stream = futures::stream::unfold(0, move |step| {
		let (first, second) = (first.clone(), second.clone());
		async move {
			match step {
				0 => Some((Ok::<_, std::io::Error>(first), 1)),
				1 => {
					tokio::time::sleep(stall).await;
					Some((Ok(second), 2))
				},
				_ => None,
			}
		}
	});
	Body::from_stream(stream).into_response()
}

impl FakeIpfs {
	pub async fn start() -> Self {
		Self::start_with((0..1u32 << 16).map(|i| (i % 251) as u8).collect()).await
	}

	/// Serves `content` under [`CID`].
	pub async fn start_with(content: Vec<u8>) -> Self {
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let ipfs = FakeIpfs {
			url: format!("http://{}", listener.local_addr().unwrap()),
			fail: Arc::new(AtomicBool::new(false)),
			stall: Arc::new(Mutex::new(Duration::ZERO)),
			content: Arc::new(content),
		};
		let app = Router::new()
			.route("/api/v0/cat", post(cat))
			.route("/api/v0/version", post(|| async { "{}" }))
			.with_state(ipfs.clone());
		tokio::spawn(async move { axum::serve(listener, app).await });
		ipfs
	}
}

/// A gateway on a loopback port, over a [`MemoryChain`].
pub struct TestGateway {
	pub url: String,
	pub state: Arc<AppState<MemoryChain>>,
	stop: Option<oneshot::Sender<()>>,
	handle: JoinHandle<anyhow::Result<usize>>,
}

/// The test defaults: settle often, short deadlines, limits that loopback tests do not hit
/// unless they mean to.
pub fn test_config(ipfs: &FakeIpfs) -> Config {
	let mut config = Config::new("ws://unused", &ipfs.url, "//Ferdie");
	config.flush_ms = 100;
	config.settle_timeout_secs = 1;
	config.shutdown_secs = 10;
	config.ip_rate_per_sec = 100_000;
	config.rate_per_sec = 100_000;
	config
}

impl TestGateway {
	pub async fn start(chain: &MemoryChain, config: Config) -> Self {
		let state = AppState::new(config, chain.clone()).unwrap();
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let url = format!("http://{}", listener.local_addr().unwrap());
		let (stop, stopped) = oneshot::channel::<()>();
		let handle = tokio::spawn(server::serve(state.clone(), listener, async {
			let _ = stopped.await;
		}));
		Self { url, state, stop: Some(stop), handle }
	}

	/// What SIGINT or SIGTERM does; gives the licences left unsettled.
	pub async fn stop(&mut self) -> usize {
		if let Some(stop) = self.stop.take() {
			let _ = stop.send(());
		}
		(&mut self.handle).await.unwrap().unwrap()
	}

	/// The value of one metric line (`name{labels}`), 0 when absent; also once stopped.
	pub fn metric(&self, line: &str) -> u64 {
		use prometheus::Encoder;
		self.state.update_gauges();
		let mut text = Vec::new();
		prometheus::TextEncoder::new()
			.encode(&self.state.metrics.registry.gather(), &mut text)
			.unwrap();
		String::from_utf8(text)
			.unwrap()
			.lines()
			.find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
			.unwrap_or(0)
	}
}

/// A client signing requests with `key`.
pub struct Client {
	pub key: Keypair,
	pub http: reqwest::Client,
}

/// One request to sign: defaults fit a holder's fetch of the whole asset.
#[derive(Clone, Debug)]
pub struct Req {
	pub asset: u32,
	pub licence: u32,
	pub calls: u32,
	pub range: Option<String>,
	pub timestamp_ms: u64,
	pub until_ms: u64,
	/// Sign for this gateway instead of the one asked.
	pub gateway: Option<GatewayId>,
}

impl Req {
	pub fn new(licence: u32, calls: u32) -> Self {
		let now = auth::now_ms();
		Self {
			asset: ASSET,
			licence,
			calls,
			range: None,
			timestamp_ms: now,
			until_ms: now + 3_600_000,
			gateway: None,
		}
	}
	pub fn range(mut self, range: &str) -> Self {
		self.range = Some(range.into());
		self
	}
}

pub fn random_key() -> Keypair {
	let seed: [u8; 32] = rand::random();
	Keypair::from_secret_key(seed).unwrap()
}

impl Client {
	pub fn new(key: Keypair) -> Self {
		Self { key, http: reqwest::Client::new() }
	}

	/// A client whose requests come from another loopback address.
	pub fn from_address(key: Keypair, last_octet: u8) -> Self {
		let address = std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, last_octet));
		let http = reqwest::Client::builder().local_address(address).build().unwrap();
		Self { key, http }
	}

	pub fn account(&self) -> AccountId32 {
		account(&self.key)
	}

	/// The signed headers of `req` for `gateway`.
	pub fn headers(&self, gateway: &GatewayId, req: &Req) -> Vec<(&'static str, String)> {
		let path = format!("/assets/{}/data", req.asset);
		let request = Request {
			method: "GET",
			path: &path,
			range: req.range.as_deref(),
			licence: req.licence,
			calls: req.calls,
			until_ms: req.until_ms,
			timestamp_ms: req.timestamp_ms,
		};
		auth::sign(&self.key, req.gateway.as_ref().unwrap_or(gateway), &request)
	}

	/// Sends pre-signed `headers` (a capture, to replay).
	pub async fn send(
		&self,
		url: &str,
		asset: u32,
		headers: &[(&'static str, String)],
		range: Option<&str>,
	) -> reqwest::Response {
		let mut request = self.http.get(format!("{url}/assets/{asset}/data"));
		for (name, value) in headers {
			request = request.header(*name, value);
		}
		if let Some(range) = range {
			request = request.header("range", range);
		}
		request.send().await.unwrap()
	}

	pub async fn get(&self, gateway: &TestGateway, req: &Req) -> reqwest::Response {
		let headers = self.headers(&gateway.state.gateway(), req);
		self.send(&gateway.url, req.asset, &headers, req.range.as_deref()).await
	}

	/// Status and `error` code of the answer to `req`, after reading its body.
	pub async fn status(&self, gateway: &TestGateway, req: &Req) -> (u16, String) {
		outcome(self.get(gateway, req).await).await
	}
}

/// Status and `error` code (empty on success) of a response, after reading its body.
pub async fn outcome(response: reqwest::Response) -> (u16, String) {
	let status = response.status().as_u16();
	let body = response.bytes().await.unwrap();
	let code = serde_json::from_slice::<serde_json::Value>(&body)
		.ok()
		.and_then(|v| v["error"].as_str().map(str::to_string))
		.unwrap_or_default();
	(status, if status < 300 { String::new() } else { code })
}

/// Waits until `done` holds, for at most `secs` seconds.
pub async fn eventually(secs: u64, what: &str, mut done: impl FnMut() -> bool) {
	let end = std::time::Instant::now() + Duration::from_secs(secs);
	while !done() {
		assert!(std::time::Instant::now() < end, "timed out waiting for {what}");
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
}
