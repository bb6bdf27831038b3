//! The HTTP service: `GET /assets/{id}/data` (signed, licence-gated, streamed from IPFS with
//! `Range` and `ETag`), `GET /tasks/{task}/inputs/{asset}` (a compute provider's unmetered
//! read under a task's read right, `ComputeApi::may_read`), `GET /info` (what clients sign for), `/healthz` and Prometheus
//! `/metrics`; the task that settles served calls on chain; and a shutdown that stops
//! accepting, lets in-flight responses finish and settles everything before it exits.
//!
//! A data request passes the cheap checks first, each before anything dearer: header format,
//! timestamp window and voucher lifetime, the source address's token bucket, a budget of
//! signature checks shared by all addresses not served lately, the sr25519 signature, the
//! counter (a replay stops here), the account's bucket, then the asset and licence caches (unknown ids are cached
//! as unknown for a while), and only then a node lookup — on a bounded lane, rate-limited per
//! licence when the account is not the licence's known holder, whose own refreshes have a lane
//! of their own.

use crate::{
	auth::{self, AuthError, GatewayId, SignedRequest, SignedTaskRead},
	chain::{AssetContent, Chain, ChainApi, Status},
	config::Config,
	limits::RateLimiter,
	meter::{Denied, GatewayCheck, Meter, Refusal, Reservation},
	metrics::Metrics,
	range, settle,
};
use axum::{
	body::Body,
	extract::{ConnectInfo, Path, State},
	http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri},
	response::{IntoResponse, Response},
	routing::get,
	Json, Router,
};
use lru::LruCache;
use prometheus::{Encoder, TextEncoder};
use serde_json::json;
use std::{
	future::Future,
	net::{IpAddr, SocketAddr},
	num::NonZeroUsize,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use tokio::sync::{watch, Notify, Semaphore};

/// How long an asset's content record is reused.
const ASSET_TTL: Duration = Duration::from_secs(10);
/// Assets whose records are cached.
const CACHED_ASSETS: usize = 4_096;
/// Keys of the per-address and per-account buckets.
const BUCKETS: usize = 65_536;
/// How long a stranger's lookup waits for a free lane before the request is refused as busy.
const LANE_WAIT: Duration = Duration::from_secs(2);
/// An address that was served is known for this long: its requests skip the strangers'
/// signature budget.
const KNOWN_FOR: Duration = Duration::from_secs(600);

/// An error answer: status and a JSON body `{"error": code, "message": text}`.
#[derive(Debug)]
pub struct ApiError {
	status: StatusCode,
	code: &'static str,
	message: String,
	counter: Option<u32>,
}

impl ApiError {
	fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
		Self { status, code, message: message.into(), counter: None }
	}
}

impl From<AuthError> for ApiError {
	fn from(e: AuthError) -> Self {
		let code = match e {
			AuthError::Missing(_) | AuthError::Malformed(_) => "malformed",
			AuthError::Stale => "stale_timestamp",
			AuthError::BadUntil { .. } => "bad_until",
			AuthError::BadSignature => "bad_signature",
		};
		Self::new(StatusCode::UNAUTHORIZED, code, e.to_string())
	}
}

impl From<Refusal> for ApiError {
	fn from(refusal: Refusal) -> Self {
		match refusal {
			Refusal::Denied(reason) => forbidden(reason),
			Refusal::Stale { counter } => Self {
				counter: Some(counter),
				..Self::new(
					StatusCode::CONFLICT,
					"stale_counter",
					format!(
						"x-bdes-calls must be above {counter}: sign again with {}",
						counter + 1
					),
				)
			},
			Refusal::Ask { .. } | Refusal::Busy => busy("the licence is busy, retry"),
		}
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		let mut body = json!({ "error": self.code, "message": self.message });
		let mut response = if let Some(counter) = self.counter {
			body["counter"] = counter.into();
			(self.status, [(auth::HEADER_COUNTER, counter.to_string())], Json(body)).into_response()
		} else {
			(self.status, Json(body)).into_response()
		};
		if self.status == StatusCode::SERVICE_UNAVAILABLE
			|| self.status == StatusCode::TOO_MANY_REQUESTS
		{
			response
				.headers_mut()
				.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
		}
		response
	}
}

fn forbidden(reason: Denied) -> ApiError {
	ApiError::new(StatusCode::FORBIDDEN, reason.code(), reason.describe())
}

fn busy(message: &str) -> ApiError {
	ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
}

fn limited(what: &str) -> ApiError {
	ApiError::new(
		StatusCode::TOO_MANY_REQUESTS,
		"rate_limited",
		format!("too many requests {what}"),
	)
}

fn node_error(e: impl std::fmt::Display) -> ApiError {
	ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "node_unavailable", e.to_string())
}

pub struct AppState<C: ChainApi> {
	pub config: Config,
	pub chain: Arc<C>,
	gateway: GatewayId,
	pub meter: Meter,
	pub metrics: Metrics,
	per_ip: RateLimiter<IpAddr>,
	per_account: RateLimiter<[u8; 32]>,
	/// Chain lookups of a licence for accounts other than its known holder.
	per_licence: RateLimiter<u32>,
	/// Signature checks for addresses not served lately, all together.
	stranger_verifies: RateLimiter<()>,
	/// Addresses served lately, and when.
	known: Mutex<LruCache<IpAddr, Instant>>,
	assets: Mutex<LruCache<u32, (Option<AssetContent>, Instant)>>,
	/// The gateway's age identity: content keys are sealed to its public half.
	identity: bdes_sealing::Identity,
	/// Unsealed content keys: asset → (revision, key, when read from the chain).
	content_keys: Mutex<LruCache<u32, (u32, Arc<bdes_sealing::ContentKey>, Instant)>>,
	/// Answers of `ComputeApi::may_read`: (task, asset, reader) → (may read, when asked).
	task_reads: Mutex<LruCache<(u64, u32, [u8; 32]), (bool, Instant)>>,
	/// Refreshes of known holders' licences and known assets.
	holder_lane: Semaphore,
	/// Lookups for anything not known yet.
	stranger_lane: Semaphore,
	http: reqwest::Client,
}

impl<C: ChainApi> AppState<C> {
	pub fn new(config: Config, chain: C) -> anyhow::Result<Arc<Self>> {
		let identity = match &config.identity {
			Some(path) => load_or_create_identity(path)?,
			None => bdes_sealing::Identity::generate(),
		};
		let lookups = config.lookups.max(1);
		let per_sec = config.rate_per_sec;
		let ip_rate = config.ip_rate_per_sec;
		let licence_rate = config.licence_lookup_rate;
		Ok(Arc::new(Self {
			gateway: chain.gateway(),
			chain: Arc::new(chain),
			meter: Meter::new(config.meter()),
			metrics: Metrics::new()?,
			per_ip: RateLimiter::new(ip_rate, ip_rate.saturating_mul(2), BUCKETS),
			per_account: RateLimiter::new(per_sec, per_sec.saturating_mul(2), BUCKETS),
			per_licence: RateLimiter::new(
				licence_rate,
				licence_rate.saturating_mul(2),
				config.cached_licences,
			),
			stranger_verifies: RateLimiter::new(
				config.stranger_verify_rate,
				config.stranger_verify_rate.saturating_mul(2),
				1,
			),
			known: Mutex::new(LruCache::new(
				NonZeroUsize::new(BUCKETS).unwrap_or(NonZeroUsize::MIN),
			)),
			assets: Mutex::new(LruCache::new(
				NonZeroUsize::new(CACHED_ASSETS).unwrap_or(NonZeroUsize::MIN),
			)),
			identity,
			content_keys: Mutex::new(LruCache::new(
				NonZeroUsize::new(CACHED_ASSETS).unwrap_or(NonZeroUsize::MIN),
			)),
			task_reads: Mutex::new(LruCache::new(
				NonZeroUsize::new(config.cached_licences).unwrap_or(NonZeroUsize::MIN),
			)),
			holder_lane: Semaphore::new(lookups),
			stranger_lane: Semaphore::new(lookups),
			http: reqwest::Client::builder().build()?,
			config,
		}))
	}

	pub fn gateway(&self) -> GatewayId {
		self.gateway
	}

	/// The X25519 key asset owners seal content keys to for this gateway.
	pub fn sealing_key(&self) -> bdes_sealing::Recipient {
		self.identity.recipient()
	}

	/// Publishes the sizes of the bounded maps.
	pub fn update_gauges(&self) {
		let (answers, negatives, ledgers) = self.meter.sizes();
		let assets = self.assets.lock().unwrap_or_else(|p| p.into_inner()).len();
		let entries = &self.metrics.entries;
		entries.with_label_values(&["licences"]).set(answers as i64);
		entries.with_label_values(&["refusals"]).set(negatives as i64);
		entries.with_label_values(&["ledgers"]).set(ledgers as i64);
		entries.with_label_values(&["assets"]).set(assets as i64);
		entries.with_label_values(&["ip_buckets"]).set(self.per_ip.len() as i64);
		entries
			.with_label_values(&["account_buckets"])
			.set(self.per_account.len() as i64);
		entries
			.with_label_values(&["licence_buckets"])
			.set(self.per_licence.len() as i64);
		self.metrics.pending.set(self.meter.pending() as i64);
	}
}

/// Runs the gateway until SIGINT or SIGTERM, then settles what it served.
pub async fn run(mut config: Config) -> anyhow::Result<()> {
	let chain = Chain::connect(&config.node, &config.operator_suri).await?;
	config.identity.get_or_insert_with(default_identity_path);
	let state = AppState::new(config, chain)?;
	let key = state.sealing_key();
	// Owners can seal content keys to this gateway only once the chain knows its key; open data
	// is served either way.
	match state.chain.ensure_sealing_key(key.to_bytes()).await {
		Ok(true) => println!("bdes-gateway registered its sealing key {key} on chain"),
		Ok(false) => {},
		Err(e) => eprintln!(
			"bdes-gateway could not register its sealing key {key} ({e}): encrypted assets \
			 cannot be authorised for it"
		),
	}
	let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
	println!(
		"bdes-gateway listening on http://{} (node {}, IPFS {}, gateway {}, sealing key {})",
		listener.local_addr()?,
		state.config.node,
		state.config.ipfs,
		state.gateway.account,
		key
	);
	let left = serve(state, listener, shutdown_signal()).await?;
	anyhow::ensure!(left == 0, "{left} licences' usage could not be settled before the deadline");
	Ok(())
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
	#[cfg(unix)]
	let terminate = async {
		match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
			Ok(mut signal) => {
				signal.recv().await;
			},
			Err(_) => std::future::pending::<()>().await,
		}
	};
	#[cfg(not(unix))]
	let terminate = std::future::pending::<()>();
	tokio::select! {
		_ = tokio::signal::ctrl_c() => {},
		_ = terminate => {},
	}
}

/// Serves on `listener` until `shutdown` resolves; then stops accepting, lets in-flight
/// responses finish (for at most the shutdown deadline) and settles everything pending (for
/// at most the deadline again). Returns the number of licences left unsettled.
pub async fn serve<C: ChainApi>(
	state: Arc<AppState<C>>,
	listener: tokio::net::TcpListener,
	shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<usize> {
	let (stop_settling, stopped) = watch::channel(false);
	let settler = tokio::spawn(settle_loop(state.clone(), stopped));
	let signalled = Arc::new(Notify::new());
	let notify = signalled.clone();
	let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
	let server = axum::serve(listener, app).with_graceful_shutdown(async move {
		shutdown.await;
		notify.notify_one();
	});
	let deadline = state.config.shutdown_timeout();
	let cut = async {
		signalled.notified().await;
		println!("bdes-gateway stopping: no new connections; finishing responses in flight");
		tokio::time::sleep(deadline).await;
	};
	tokio::select! {
		served = server => served?,
		() = cut => eprintln!("responses still in flight after {} s are cut", deadline.as_secs()),
	}
	let _ = stop_settling.send(true);
	settler.await?;
	let pending = state.meter.pending();
	println!("bdes-gateway settling usage of {pending} licences");
	let left = settle::settle_all(
		&*state.chain,
		&state.meter,
		&state.metrics,
		state.config.settle_timeout(),
		deadline,
	)
	.await;
	println!(
		"bdes-gateway stopped: {} calls settled in all, {left} licences left unsettled",
		state.metrics.reported.get()
	);
	Ok(left)
}

/// Settles every flush interval until told to stop (a round under way finishes first).
async fn settle_loop<C: ChainApi>(state: Arc<AppState<C>>, mut stop: watch::Receiver<bool>) {
	let mut tick = tokio::time::interval(state.config.flush_every());
	tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
	loop {
		tokio::select! {
			_ = tick.tick() => {},
			_ = stop.changed() => return,
		}
		settle::round(&*state.chain, &state.meter, &state.metrics, state.config.settle_timeout())
			.await;
		state.meter.sweep(auth::now_ms());
		state.update_gauges();
	}
}

pub fn router<C: ChainApi>(state: Arc<AppState<C>>) -> Router {
	Router::new()
		.route("/assets/{id}/data", get(data::<C>))
		.route("/tasks/{task}/inputs/{asset}", get(task_input::<C>))
		.route("/info", get(info::<C>))
		.route("/healthz", get(healthz::<C>))
		.route("/metrics", get(metrics::<C>))
		.with_state(state)
}

async fn info<C: ChainApi>(State(state): State<Arc<AppState<C>>>) -> Response {
	Json(state.gateway.info()).into_response()
}

async fn healthz<C: ChainApi>(State(state): State<Arc<AppState<C>>>) -> Response {
	let ipfs = state
		.http
		.post(format!("{}/api/v0/version", state.config.ipfs))
		.timeout(Duration::from_secs(2))
		.send()
		.await
		.is_ok_and(|r| r.status().is_success());
	let node = tokio::time::timeout(Duration::from_secs(5), state.chain.healthy())
		.await
		.unwrap_or(false);
	let status = if ipfs && node { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
	let body = json!({ "node": node, "ipfs": ipfs, "pending_vouchers": state.meter.pending() });
	(status, Json(body)).into_response()
}

async fn metrics<C: ChainApi>(State(state): State<Arc<AppState<C>>>) -> Response {
	state.update_gauges();
	let mut buffer = Vec::new();
	match TextEncoder::new().encode(&state.metrics.registry.gather(), &mut buffer) {
		Ok(()) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], buffer).into_response(),
		Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "metrics", e.to_string())
			.into_response(),
	}
}

async fn data<C: ChainApi>(
	State(state): State<Arc<AppState<C>>>,
	ConnectInfo(peer): ConnectInfo<SocketAddr>,
	Path(asset): Path<u32>,
	request: axum::extract::Request,
) -> Response {
	// The request by reference: a refusal costs no copy of its headers.
	let (method, uri, headers) = (request.method(), request.uri(), request.headers());
	counted(&state, serve_data(&state, peer.ip(), asset, method, uri, headers).await)
}

/// The response to a data request, counted by status (and a refusal by its code).
fn counted<C: ChainApi>(state: &AppState<C>, result: Result<Response, ApiError>) -> Response {
	let response = match result {
		Ok(response) => response,
		Err(e) => {
			state.metrics.refusals.with_label_values(&[e.code]).inc();
			e.into_response()
		},
	};
	state.metrics.requests.with_label_values(&[response.status().as_str()]).inc();
	response
}

/// The limits a signed request passes before its signature is checked: its address's rate,
/// and, for an address not served lately, the budget such addresses share (the signature check
/// is the dear one). Gives the request's Range header.
fn admit<'h, C: ChainApi>(
	state: &AppState<C>,
	peer: IpAddr,
	headers: &'h HeaderMap,
) -> Result<Option<&'h str>, ApiError> {
	if !state.per_ip.allow(peer, Instant::now()) {
		return Err(limited("from this address"));
	}
	let range_header = match headers.get(header::RANGE) {
		Some(value) => Some(value.to_str().map_err(|_| unsatisfiable())?),
		None => None,
	};
	let known = {
		let known = state.known.lock().unwrap_or_else(|p| p.into_inner());
		known.peek(&peer).is_some_and(|at| at.elapsed() < KNOWN_FOR)
	};
	if !known && !state.stranger_verifies.allow((), Instant::now()) {
		return Err(limited("from addresses not served lately"));
	}
	Ok(range_header)
}

/// A listed asset's content: 404 for no such asset, 403 for one not listed.
async fn listed_content<C: ChainApi>(
	state: &AppState<C>,
	asset: u32,
) -> Result<AssetContent, ApiError> {
	let content = asset_content(state, asset)
		.await?
		.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "unknown_asset", "no such asset"))?;
	if content.status != Status::Listed {
		return Err(forbidden(Denied::AssetUnavailable));
	}
	Ok(content)
}

async fn serve_data<C: ChainApi>(
	state: &AppState<C>,
	peer: IpAddr,
	asset: u32,
	method: &Method,
	uri: &Uri,
	headers: &HeaderMap,
) -> Result<Response, ApiError> {
	let config = &state.config;
	let request = SignedRequest::from_headers(|name| headers.get(name)?.to_str().ok())?;
	request.check_time(auth::now_ms(), config.window(), config.voucher_life())?;
	let range_header = admit(state, peer, headers)?;
	let voucher = request.verify(&state.gateway, method.as_str(), uri.path(), range_header)?;
	// A replay of the holder's request must not spend the holder's rate limit.
	if let Some(counter) = state.meter.stale(request.licence, &request.account, request.calls) {
		return Err(Refusal::Stale { counter }.into());
	}
	if !state.per_account.allow(request.account.0, Instant::now()) {
		return Err(limited("from this account"));
	}

	let content = listed_content(state, asset).await?;
	// Clients see the plaintext: an encrypted asset's size and ranges are the plaintext's.
	let size = content.encryption.map_or(content.size, |e| e.plain_size);
	let byte_range = range::parse(range_header, size).map_err(|_| unsatisfiable())?;

	reserve_call(state, &request, asset).await?;
	let streamed = match content.encryption {
		Some(_) => match content_key(state, asset, &content).await {
			Ok(key) => stream_decrypted(state, &content, &key, byte_range).await,
			Err(e) => Err(e),
		},
		None => stream_from_ipfs(state, &content, byte_range).await,
	};
	let body = match streamed {
		Ok(body) => body,
		Err(e) => {
			// Not served: the counter is not taken, and the same signed request may come again.
			state.meter.release(request.licence, request.calls);
			return Err(e);
		},
	};
	let mut response = content_response(&content, body, size, byte_range);
	let h = response.headers_mut();
	// IPFS has answered: the call is served now, so its voucher counts.
	let committed = state.meter.commit(
		&request.account,
		voucher,
		request.timestamp_ms,
		state.chain.best_block(),
	)?;
	h.insert(
		HeaderName::from_static(auth::HEADER_CALLS_LEFT),
		HeaderValue::from(committed.calls_left),
	);
	h.insert(HeaderName::from_static(auth::HEADER_COUNTER), HeaderValue::from(committed.counter));
	state.metrics.bytes.inc_by(byte_range.map_or(size, |r| r.len()));
	state.known.lock().unwrap_or_else(|p| p.into_inner()).put(peer, Instant::now());
	Ok(response)
}

/// The response of a served asset (or range of it): status, length, type, ETag (the CID) and
/// `Content-Range`.
fn content_response(
	content: &AssetContent,
	body: Body,
	size: u64,
	byte_range: Option<range::ByteRange>,
) -> Response {
	let (status, length) = match byte_range {
		Some(r) => (StatusCode::PARTIAL_CONTENT, r.len()),
		None => (StatusCode::OK, size),
	};
	let cid = String::from_utf8_lossy(&content.cid).into_owned();
	let mut response = Response::new(body);
	*response.status_mut() = status;
	let h = response.headers_mut();
	h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
	h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
	h.insert(
		header::CONTENT_TYPE,
		HeaderValue::from_bytes(&content.format)
			.unwrap_or(HeaderValue::from_static("application/octet-stream")),
	);
	if let Ok(etag) = HeaderValue::from_str(&format!("\"{cid}\"")) {
		h.insert(header::ETAG, etag);
	}
	if let Some(r) = byte_range {
		if let Ok(value) = HeaderValue::from_str(&format!("bytes {}-{}/{}", r.start, r.end, size)) {
			h.insert(header::CONTENT_RANGE, value);
		}
	}
	response
}

/// `GET /tasks/{task}/inputs/{asset}`: a compute provider reads an input of a task it is
/// assigned to, under the task's read right (`ComputeApi::may_read`). Not metered: the chain
/// charged the buyer's licence one call when the task was posted. The same cheap checks run
/// first as for a licence holder's request.
async fn task_input<C: ChainApi>(
	State(state): State<Arc<AppState<C>>>,
	ConnectInfo(peer): ConnectInfo<SocketAddr>,
	Path((task, asset)): Path<(u64, u32)>,
	request: axum::extract::Request,
) -> Response {
	let (method, uri, headers) = (request.method(), request.uri(), request.headers());
	counted(&state, serve_task_input(&state, peer.ip(), task, asset, method, uri, headers).await)
}

async fn serve_task_input<C: ChainApi>(
	state: &AppState<C>,
	peer: IpAddr,
	task: u64,
	asset: u32,
	method: &Method,
	uri: &Uri,
	headers: &HeaderMap,
) -> Result<Response, ApiError> {
	let request = SignedTaskRead::from_headers(|name| headers.get(name)?.to_str().ok())?;
	request.check_time(auth::now_ms(), state.config.window())?;
	if request.task != task {
		return Err(AuthError::Malformed(auth::HEADER_TASK).into());
	}
	let range_header = admit(state, peer, headers)?;
	request.verify(&state.gateway, method.as_str(), uri.path(), range_header)?;
	if !state.per_account.allow(request.account.0, Instant::now()) {
		return Err(limited("from this account"));
	}
	let content = listed_content(state, asset).await?;
	if !may_read(state, &request.account, asset, task).await? {
		return Err(ApiError::new(
			StatusCode::FORBIDDEN,
			"not_assigned",
			"the account is not a provider of this open task, or the asset is not its input",
		));
	}
	let size = content.encryption.map_or(content.size, |e| e.plain_size);
	let byte_range = range::parse(range_header, size).map_err(|_| unsatisfiable())?;
	let body = match content.encryption {
		Some(_) => {
			let key = content_key(state, asset, &content).await?;
			stream_decrypted(state, &content, &key, byte_range).await?
		},
		None => stream_from_ipfs(state, &content, byte_range).await?,
	};
	state.metrics.bytes.inc_by(byte_range.map_or(size, |r| r.len()));
	state.known.lock().unwrap_or_else(|p| p.into_inner()).put(peer, Instant::now());
	Ok(content_response(&content, body, size, byte_range))
}

/// `ComputeApi::may_read`, cached: a yes for `ASSET_TTL` (a task's read right ends when it
/// closes, so a closed task's provider reads at most that much longer), a no for the negative
/// cache time.
async fn may_read<C: ChainApi>(
	state: &AppState<C>,
	who: &subxt::utils::AccountId32,
	asset: u32,
	task: u64,
) -> Result<bool, ApiError> {
	let key = (task, asset, who.0);
	let cached = state.task_reads.lock().unwrap_or_else(|p| p.into_inner()).get(&key).copied();
	let negative = Duration::from_millis(state.config.negative_cache_ms);
	if let Some((answer, at)) = cached {
		if at.elapsed() < if answer { ASSET_TTL } else { negative } {
			return Ok(answer);
		}
	}
	let answer =
		lookup(state, cached.is_some_and(|(a, _)| a), state.chain.may_read(*who, asset, task))
			.await?;
	state
		.task_reads
		.lock()
		.unwrap_or_else(|p| p.into_inner())
		.put(key, (answer, Instant::now()));
	Ok(answer)
}

fn unsatisfiable() -> ApiError {
	ApiError::new(StatusCode::RANGE_NOT_SATISFIABLE, "bad_range", "range not satisfiable")
}

/// Runs a chain lookup on a lane, with the lookup deadline.
async fn lookup<C: ChainApi, T>(
	state: &AppState<C>,
	holder: bool,
	query: impl Future<Output = anyhow::Result<T>>,
) -> Result<T, ApiError> {
	let deadline = state.config.rpc_timeout();
	let (lane, name, wait) = if holder {
		(&state.holder_lane, "holder", deadline)
	} else {
		(&state.stranger_lane, "stranger", LANE_WAIT)
	};
	let _permit = tokio::time::timeout(wait, lane.acquire())
		.await
		.map_err(|_| busy("too many chain lookups at once, retry"))?
		.map_err(|_| busy("shutting down"))?;
	state.metrics.lookups.with_label_values(&[name]).inc();
	tokio::time::timeout(deadline, query)
		.await
		.map_err(|_| node_error("the node did not answer in time"))?
		.map_err(node_error)
}

async fn asset_content<C: ChainApi>(
	state: &AppState<C>,
	asset: u32,
) -> Result<Option<AssetContent>, ApiError> {
	let now = Instant::now();
	let known = {
		let mut assets = state.assets.lock().unwrap_or_else(|p| p.into_inner());
		match assets.get(&asset) {
			Some((content, at)) => {
				let ttl = if content.is_some() {
					ASSET_TTL
				} else {
					Duration::from_millis(state.config.negative_cache_ms)
				};
				if now.saturating_duration_since(*at) < ttl {
					return Ok(content.clone());
				}
				content.is_some()
			},
			None => false,
		}
	};
	// A listed asset someone fetched before is refreshed on the holders' lane.
	let content = lookup(state, known, state.chain.asset(asset)).await?;
	state
		.assets
		.lock()
		.unwrap_or_else(|p| p.into_inner())
		.put(asset, (content.clone(), Instant::now()));
	Ok(content)
}

/// Reserves the request's counter on its licence, asking the chain when the cache cannot
/// answer.
async fn reserve_call<C: ChainApi>(
	state: &AppState<C>,
	request: &SignedRequest,
	asset: u32,
) -> Result<Reservation, ApiError> {
	let mut asked = false;
	loop {
		let reserved = state.meter.reserve(
			request.licence,
			asset,
			&request.account,
			request.calls,
			Instant::now(),
			state.chain.best_block(),
		);
		match reserved {
			Ok(reservation) => return Ok(reservation),
			Err(Refusal::Ask { holder }) if !asked => {
				if !holder && !state.per_licence.allow(request.licence, Instant::now()) {
					return Err(limited("for this licence"));
				}
				let check: GatewayCheck = lookup(
					state,
					holder,
					state.chain.gateway_check(request.licence, asset, request.account),
				)
				.await?;
				state
					.meter
					.store(request.licence, asset, request.account, check, Instant::now());
				asked = true;
			},
			// Just answered `Valid` and still to ask: the best block has reached the expiry,
			// the final block (which the chain answers at) has not.
			Err(Refusal::Ask { holder: true }) => return Err(forbidden(Denied::Expired)),
			Err(refusal) => return Err(refusal.into()),
		}
	}
}

/// Starts `cat` of `cid` (or `length` bytes of it from `offset`) on the IPFS node.
async fn ipfs_cat<C: ChainApi>(
	state: &AppState<C>,
	cid: &[u8],
	part: Option<(u64, u64)>,
) -> Result<reqwest::Response, ApiError> {
	let cid = String::from_utf8_lossy(cid).into_owned();
	let mut query = vec![("arg", cid)];
	if let Some((offset, length)) = part {
		query.push(("offset", offset.to_string()));
		query.push(("length", length.to_string()));
	}
	// The deadline covers the start of the answer only: the body may take as long as it needs.
	let deadline = Duration::from_secs(state.config.ipfs_timeout_secs.max(1));
	let send = state
		.http
		.post(format!("{}/api/v0/cat", state.config.ipfs))
		.query(&query)
		.send();
	let response = tokio::time::timeout(deadline, send)
		.await
		.map_err(|_| ipfs_unavailable("IPFS did not answer in time".into()))?
		.map_err(|e| ipfs_unavailable(format!("IPFS: {e}")))?;
	if !response.status().is_success() {
		let status = response.status();
		let text = response.text().await.unwrap_or_default();
		return Err(ipfs_unavailable(format!("IPFS answered {status}: {text}")));
	}
	Ok(response)
}

fn ipfs_unavailable(e: String) -> ApiError {
	ApiError::new(StatusCode::BAD_GATEWAY, "ipfs_unavailable", e)
}

/// Starts `cat` of the content (or a range of it) on the IPFS node and streams its body.
async fn stream_from_ipfs<C: ChainApi>(
	state: &AppState<C>,
	content: &AssetContent,
	byte_range: Option<range::ByteRange>,
) -> Result<Body, ApiError> {
	let part = byte_range.map(|r| (r.start, r.len()));
	let response = ipfs_cat(state, &content.cid, part).await?;
	Ok(Body::from_stream(response.bytes_stream()))
}

fn not_authorised(message: impl Into<String>) -> ApiError {
	ApiError::new(StatusCode::FORBIDDEN, "not_authorised", message)
}

/// The content key of an encrypted asset's current revision, sealed to this gateway on chain
/// and unsealed with its identity; cached like the asset's record.
async fn content_key<C: ChainApi>(
	state: &AppState<C>,
	asset: u32,
	content: &AssetContent,
) -> Result<Arc<bdes_sealing::ContentKey>, ApiError> {
	{
		let mut keys = state.content_keys.lock().unwrap_or_else(|p| p.into_inner());
		if let Some((revision, key, at)) = keys.get(&asset) {
			if *revision == content.revision && at.elapsed() < ASSET_TTL {
				return Ok(key.clone());
			}
		}
	}
	let sealed = lookup(state, true, state.chain.content_key(asset)).await?;
	let (revision, sealed) = sealed.ok_or_else(|| {
		not_authorised("the asset's owner has not authorised this gateway to serve it")
	})?;
	if revision != content.revision {
		return Err(not_authorised(format!(
			"this gateway holds the key of revision {revision}, the asset is at revision {}",
			content.revision
		)));
	}
	let key = bdes_sealing::unseal(&sealed, &state.identity).map(Arc::new).map_err(|e| {
		not_authorised(format!("the content key is not sealed to this gateway's identity: {e}"))
	})?;
	state
		.content_keys
		.lock()
		.unwrap_or_else(|p| p.into_inner())
		.put(asset, (revision, key.clone(), Instant::now()));
	Ok(key)
}

/// Streams the plaintext of an encrypted asset (or of a range of it): IPFS serves the age
/// header and only the 64 KiB chunks the range covers; each chunk is authenticated before any
/// of its bytes go out, so a tampered ciphertext cuts the response instead of serving wrong
/// bytes.
async fn stream_decrypted<C: ChainApi>(
	state: &AppState<C>,
	content: &AssetContent,
	key: &bdes_sealing::ContentKey,
	byte_range: Option<range::ByteRange>,
) -> Result<Body, ApiError> {
	use futures::StreamExt;
	let broken = |e: bdes_sealing::SealingError| {
		ApiError::new(StatusCode::BAD_GATEWAY, "bad_ciphertext", e.to_string())
	};
	let plain_size = content.encryption.map_or(0, |e| e.plain_size);
	let layout = bdes_sealing::Layout::from_sizes(plain_size, content.size).map_err(broken)?;
	let range = byte_range.map(|r| r.start..=r.end).unwrap_or(0..=plain_size.saturating_sub(1));
	let plan = layout.plan(range).map_err(broken)?;
	let header = ipfs_cat(state, &content.cid, Some((0, layout.header_len())))
		.await?
		.bytes()
		.await
		.map_err(|e| ipfs_unavailable(format!("IPFS: {e}")))?;
	let decryptor = plan.decryptor(key, &header).map_err(broken)?;
	let chunks =
		ipfs_cat(state, &content.cid, Some((plan.ciphertext_offset(), plan.ciphertext_len())))
			.await?
			.bytes_stream();
	let plaintext = futures::stream::try_unfold(
		(chunks, Some(decryptor)),
		|(mut chunks, mut decryptor)| async move {
			loop {
				let Some(active) = decryptor.as_mut() else { return Ok(None) };
				match chunks.next().await {
					Some(Ok(bytes)) => {
						let mut out = Vec::new();
						active.push(&bytes, &mut out).map_err(std::io::Error::other)?;
						if !out.is_empty() {
							return Ok(Some((bytes::Bytes::from(out), (chunks, decryptor))));
						}
					},
					Some(Err(e)) => return Err(std::io::Error::other(e)),
					None => {
						if let Some(done) = decryptor.take() {
							done.finish().map_err(std::io::Error::other)?;
						}
						return Ok(None);
					},
				}
			}
		},
	);
	Ok(Body::from_stream(plaintext))
}

/// Where the gateway's identity lives unless `--identity` says otherwise.
fn default_identity_path() -> std::path::PathBuf {
	bdes_sealing::config_path("gateway-identity.txt")
}

/// Loads the gateway's identity, creating it (mode 0600) on first start.
fn load_or_create_identity(path: &std::path::Path) -> anyhow::Result<bdes_sealing::Identity> {
	let (identity, created) = bdes_sealing::Identity::load_or_create(path)
		.map_err(|e| anyhow::anyhow!("identity {}: {e}", path.display()))?;
	if created {
		println!("bdes-gateway created its identity {}", path.display());
	}
	Ok(identity)
}
